using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// A statement prepared once on a connection and run through the native SQLite API: binding values and stepping
/// allocate nothing. Microsoft.Data.Sqlite's <c>ExecuteNonQuery</c> costs about 1.6 KB of garbage and several µs per
/// row (a data reader per call, boxed parameter values, re-binding by name), which dominated batch ingest.
/// It runs inside whatever transaction the connection has open. Writer thread only.
/// SQLite keeps bindings across runs, so a value equal to the one already bound (the same number, null, or the same
/// string instance) is not bound again: most columns of consecutive pings repeat, and each bind is a native call.
/// </summary>
internal sealed class NativeStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _sql;
    private sqlite3_stmt? _prepared;
    private Bound[] _bound = [];

    /// <summary>Prepared at first use, like a SqliteCommand: the store is built before its tables are migrated.</summary>
    public NativeStatement(SqliteConnection connection, string sql) => (_connection, _sql) = (connection, sql);

    private sqlite3_stmt Statement => _prepared ??= Prepare();

    /// <summary>Parameters are numbered from 1 in the order they appear in the SQL (<c>?</c> or <c>@name</c>).</summary>
    public void Bind(int index, long value)
    {
        var statement = Statement;
        ref var bound = ref _bound[index];
        if (bound.Kind == BoundKind.Integer && bound.Integer == value)
            return;
        bound = default; // unknown until the bind succeeds
        Check(raw.sqlite3_bind_int64(statement, index, value));
        bound = new Bound(BoundKind.Integer, value, null);
    }

    public void BindNull(int index)
    {
        var statement = Statement;
        ref var bound = ref _bound[index];
        if (bound.Kind == BoundKind.Null)
            return;
        bound = default;
        Check(raw.sqlite3_bind_null(statement, index));
        bound = new Bound(BoundKind.Null, 0, null);
    }

    /// <summary>SQLite copies the text (SQLITE_TRANSIENT), so the string need not outlive the call.</summary>
    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }
        var statement = Statement;
        ref var bound = ref _bound[index];
        if (bound.Kind == BoundKind.Text && ReferenceEquals(bound.Text, value))
            return;
        bound = default;
        Check(raw.sqlite3_bind_text16(statement, index, value.AsSpan()));
        bound = new Bound(BoundKind.Text, 0, value);
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next use (bindings are kept).</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(Statement);
        raw.sqlite3_reset(Statement); // either way, so the statement can run again (it only repeats a step's error)
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, _connection.Handle);
    }

    public void Dispose() => _prepared?.Dispose();

    private sqlite3_stmt Prepare()
    {
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, _sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
        _bound = new Bound[raw.sqlite3_bind_parameter_count(statement) + 1]; // SQLite numbers parameters from 1
        return statement;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    private enum BoundKind : byte { Unknown, Null, Integer, Text }

    /// <summary>What a parameter holds now; Unknown (default) forces the next bind.</summary>
    private readonly record struct Bound(BoundKind Kind, long Integer, string? Text);
}
