using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Sqlite;

/// <summary>The prepared statements of the write path, with their parameters held so binding a row allocates nothing.</summary>
internal sealed class WriteCommands : IDisposable
{
    public WriteCommands(SqliteConnection connection)
    {
        InsertPing = Prepare(connection,
            "INSERT INTO ping (monitor, at, kind, exit_status, duration_ms, rid, body, body_truncated, method, remote_addr, user_agent, id, prev_id) " +
            "VALUES (@m, @at, @kind, @exit, @duration, @rid, @body, @truncated, @method, @remote, @agent, @id, @prev)",
            "@m", "@at", "@kind", "@exit", "@duration", "@rid", "@body", "@truncated", "@method", "@remote", "@agent", "@id", "@prev");
        UpdateState = Prepare(connection,
            "UPDATE monitor SET last_ping_at = max(coalesce(last_ping_at, 0), @lastPing), " +
            "last_success_at = CASE WHEN @lastSuccess IS NULL THEN last_success_at ELSE max(coalesce(last_success_at, 0), @lastSuccess) END, " +
            "ping_count = ping_count + @count, " +
            "open_start_at = CASE WHEN @setRun THEN @runStart ELSE open_start_at END, " +
            "open_rid = CASE WHEN @setRun THEN @runRid ELSE open_rid END, last_ping_id = max(last_ping_id, @lastId) WHERE seq = @m",
            "@lastPing", "@lastSuccess", "@count", "@setRun", "@runStart", "@runRid", "@m", "@lastId");
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

    public SqliteCommand InsertPing { get; }
    public SqliteCommand UpdateState { get; }
    public SqliteCommand InsertFlip { get; }
    public SqliteCommand InsertNotice { get; }

    public void Enlist(SqliteTransaction transaction)
    {
        InsertPing.Transaction = transaction;
        UpdateState.Transaction = transaction;
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
