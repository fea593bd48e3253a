using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// A statement prepared once on a connection and run through the native SQLite API: binding values and stepping
/// allocate nothing. Microsoft.Data.Sqlite's <c>ExecuteNonQuery</c> costs about 1.6 KB of garbage and several µs per
/// row (a data reader per call, boxed parameter values, re-binding by name), which dominated batch ingest.
/// It runs inside whatever transaction the connection has open. Writer thread only.
/// </summary>
internal sealed class NativeStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _sql;
    private sqlite3_stmt? _prepared;

    /// <summary>Prepared at first use, like a SqliteCommand: the store is built before its tables are migrated.</summary>
    public NativeStatement(SqliteConnection connection, string sql) => (_connection, _sql) = (connection, sql);

    private sqlite3_stmt Statement => _prepared ??= Prepare();

    /// <summary>Parameters are numbered from 1 in the order they appear in the SQL (<c>?</c> or <c>@name</c>).</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(Statement, index, value));

    public void BindNull(int index) => Check(raw.sqlite3_bind_null(Statement, index));

    /// <summary>SQLite copies the text (SQLITE_TRANSIENT), so the string need not outlive the call.</summary>
    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(Statement, index) : raw.sqlite3_bind_text16(Statement, index, value.AsSpan()));

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
        return statement;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }
}
