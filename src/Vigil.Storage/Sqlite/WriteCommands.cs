using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// The prepared statements of the write path. The two that run per ping or per monitor (the ping insert and the
/// state update) go through the native API (see <see cref="NativeStatement"/>); their parameters are numbered
/// (<c>?1</c>…) in the order <see cref="SqliteStore"/> binds them. The rest hold their parameters so binding
/// only sets values.
/// </summary>
internal sealed class WriteCommands : IDisposable
{
    public WriteCommands(SqliteConnection connection)
    {
        InsertPing = new NativeStatement(connection,
            "INSERT INTO ping (monitor, at, kind, exit_status, duration_ms, rid, body, body_truncated, method, remote_addr, user_agent, id, prev_id) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
        // ?1 last ping, ?2 last success (NULL: none), ?3 count, ?4 run changed, ?5 run start, ?6 run rid, ?7 seq, ?8 last ping id
        UpdateState = new NativeStatement(connection,
            "UPDATE monitor SET last_ping_at = max(coalesce(last_ping_at, 0), ?1), " +
            "last_success_at = CASE WHEN ?2 IS NULL THEN last_success_at ELSE max(coalesce(last_success_at, 0), ?2) END, " +
            "ping_count = ping_count + ?3, " +
            "open_start_at = CASE WHEN ?4 THEN ?5 ELSE open_start_at END, " +
            "open_rid = CASE WHEN ?4 THEN ?6 ELSE open_rid END, last_ping_id = max(last_ping_id, ?8) WHERE seq = ?7");
        InsertFlip = Prepare(connection,
            "INSERT INTO flip (monitor, at, from_status, to_status, reason) VALUES (@m, @at, @from, @to, @reason); " +
            "UPDATE monitor SET status = @to, status_changed_at = @at WHERE seq = @m; " +
            // The alert outbox row, in the same transaction as the change it reports.
            "INSERT INTO alert_outbox (monitor, at, kind, from_status, to_status, reason) VALUES (@id, @at, 'flip', @from, @to, @reason)",
            "@m", "@at", "@from", "@to", "@reason", "@id");
        InsertNotice = Prepare(connection,
            "INSERT INTO alert_outbox (monitor, at, kind, reason, resolves) VALUES (@id, @at, @kind, @reason, @resolves)",
            "@id", "@at", "@kind", "@reason", "@resolves");
    }

    public NativeStatement InsertPing { get; }
    public NativeStatement UpdateState { get; }
    public SqliteCommand InsertFlip { get; }
    public SqliteCommand InsertNotice { get; }

    public void Enlist(SqliteTransaction transaction)
    {
        InsertFlip.Transaction = transaction;
        InsertNotice.Transaction = transaction;
    }

    public void Dispose()
    {
        InsertPing.Dispose();
        UpdateState.Dispose();
        InsertFlip.Dispose();
        InsertNotice.Dispose();
    }

    /// <summary>A command with its parameters created once, so binding a row only sets values.</summary>
    internal static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        return command;
    }
}
