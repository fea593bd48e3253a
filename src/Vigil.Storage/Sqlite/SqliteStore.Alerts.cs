using Microsoft.Data.Sqlite;
using Vigil.Core.Alerts;
using Vigil.Core.States;
using Vigil.Storage.Alerts;

namespace Vigil.Storage.Sqlite;

public sealed partial class SqliteStore : IAlertStore
{
    private void WriteNotice(AlertNotice notice)
    {
        var p = _writeCommands.InsertNotice.Parameters;
        p[0].Value = notice.IsSystem ? DBNull.Value : notice.MonitorId.ToByteArray();
        p[1].Value = UnixMs.From(notice.At);
        p[2].Value = notice.Kind;
        p[3].Value = notice.Reason;
        p[4].Value = notice.Resolves;
        _writeCommands.InsertNotice.ExecuteNonQuery();
    }

    private void Record(RecordAlerts record, SqliteTransaction transaction)
    {
        using var alert = Command(transaction,
            "INSERT INTO alert (uid, monitor, kind, status, reason, at, created_at, suppressed) VALUES (@uid, @m, @kind, @status, @reason, @at, @created, @suppressed) RETURNING id",
            "@uid", "@m", "@kind", "@status", "@reason", "@at", "@created", "@suppressed");
        using var delivery = Command(transaction,
            "INSERT INTO delivery (alert, channel, state, give_up_at) VALUES (@alert, @channel, @state, @giveUp) RETURNING id",
            "@alert", "@channel", "@state", "@giveUp");
        using var fold = Command(transaction, "UPDATE delivery SET summary = @summary, done_at = @at WHERE id = @id AND state = 3", "@summary", "@at", "@id");
        foreach (var a in record.Alerts)
        {
            var p = alert.Parameters;
            p[0].Value = a.Uid.ToByteArray();
            p[1].Value = a.MonitorId is { } id ? id.ToByteArray() : DBNull.Value;
            p[2].Value = a.Kind;
            p[3].Value = a.Status;
            p[4].Value = a.Reason;
            p[5].Value = UnixMs.From(a.At);
            p[6].Value = UnixMs.From(a.CreatedAt);
            p[7].Value = (object?)a.Suppressed ?? DBNull.Value;
            a.Id = (long)alert.ExecuteScalar()!;
            foreach (var d in a.Deliveries)
            {
                delivery.Parameters[0].Value = a.Id;
                delivery.Parameters[1].Value = d.Channel.ToByteArray();
                delivery.Parameters[2].Value = (int)d.State;
                delivery.Parameters[3].Value = UnixMs.From(d.GiveUpAt);
                d.Id = (long)delivery.ExecuteScalar()!;
            }
            foreach (var folded in a.Folds ?? [])
            {
                fold.Parameters[0].Value = a.Id;
                fold.Parameters[1].Value = UnixMs.From(a.CreatedAt);
                fold.Parameters[2].Value = folded;
                fold.ExecuteNonQuery();
            }
        }
        if (record.OutboxThrough > 0)
        {
            using var consume = Command(transaction, "DELETE FROM alert_outbox WHERE id <= @id", "@id");
            consume.Parameters[0].Value = record.OutboxThrough;
            consume.ExecuteNonQuery();
        }
    }

    private void Record(RecordAttempt attempt, SqliteTransaction transaction)
    {
        using var command = Command(transaction,
            "INSERT INTO delivery_attempt (delivery, at, outcome, detail, duration_ms) VALUES (@d, @at, @outcome, @detail, @ms); " +
            "UPDATE delivery SET attempts = attempts + 1, state = @state, last_detail = @detail, " +
            "done_at = CASE WHEN @state IN (1, 2) THEN @at ELSE NULL END WHERE id = @d",
            "@d", "@at", "@outcome", "@detail", "@ms", "@state");
        var p = command.Parameters;
        p[0].Value = attempt.DeliveryId;
        p[1].Value = UnixMs.From(attempt.At);
        p[2].Value = attempt.Outcome;
        p[3].Value = attempt.Detail;
        p[4].Value = attempt.DurationMs;
        p[5].Value = (int)attempt.State;
        command.ExecuteNonQuery();
    }

    private void Purge(PurgeAlerts purge, SqliteTransaction transaction)
    {
        // Open deliveries keep their alert: a dead letter or a pending retry is never purged from under the worker.
        using var command = Command(transaction,
            "CREATE TEMP TABLE IF NOT EXISTS purged_alert (id INTEGER PRIMARY KEY); DELETE FROM purged_alert; " +
            "INSERT INTO purged_alert SELECT id FROM alert a WHERE created_at < @cutoff AND NOT EXISTS " +
            "(SELECT 1 FROM delivery d WHERE d.alert = a.id AND (d.state = 0 OR (d.state = 3 AND d.summary IS NULL))) ORDER BY id LIMIT @chunk; " +
            "DELETE FROM delivery_attempt WHERE delivery IN (SELECT d.id FROM delivery d JOIN purged_alert p ON p.id = d.alert); " +
            "DELETE FROM delivery WHERE alert IN (SELECT id FROM purged_alert); " +
            "DELETE FROM alert WHERE id IN (SELECT id FROM purged_alert); " +
            "SELECT count(*) FROM purged_alert",
            "@cutoff", "@chunk");
        command.Parameters[0].Value = UnixMs.From(purge.Cutoff);
        command.Parameters[1].Value = purge.Chunk;
        purge.Removed = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<OutboxEntry> ReadOutbox(long afterId, int limit)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, monitor, at, kind, from_status, to_status, reason, resolves FROM alert_outbox WHERE id > @after ORDER BY id LIMIT @limit";
        command.Parameters.AddWithValue("@after", afterId);
        command.Parameters.AddWithValue("@limit", limit);
        var entries = new List<OutboxEntry>();
        using var r = command.ExecuteReader();
        while (r.Read())
            entries.Add(new OutboxEntry(r.GetInt64(0), MonitorId(r, 1), UnixMs.To(r.GetInt64(2)), r.GetString(3),
                r.IsDBNull(4) ? null : (MonitorStatus)r.GetInt32(4), r.IsDBNull(5) ? null : (MonitorStatus)r.GetInt32(5),
                r.GetString(6), r.GetBoolean(7)));
        return entries;
    }

    public IReadOnlyList<OpenDelivery> LoadOpenDeliveries()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT d.id, d.channel, d.state, d.attempts, d.give_up_at, a.id, a.uid, a.monitor, a.kind, a.status, a.reason, a.at " +
            "FROM delivery d JOIN alert a ON a.id = d.alert WHERE d.state = 0 OR (d.state = 3 AND d.summary IS NULL) ORDER BY d.id";
        var open = new List<OpenDelivery>();
        using var r = command.ExecuteReader();
        while (r.Read())
            open.Add(new OpenDelivery(r.GetInt64(0), new Guid((byte[])r[1]), (DeliveryState)r.GetInt32(2), r.GetInt32(3), UnixMs.To(r.GetInt64(4)),
                r.GetInt64(5), new Guid((byte[])r[6]), MonitorId(r, 7), r.GetString(8), r.GetString(9), r.GetString(10), UnixMs.To(r.GetInt64(11))));
        return open;
    }

    public IReadOnlyList<StoredAlert> ReadAlerts(AlertQuery query)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT id, uid, monitor, kind, status, reason, at, created_at, suppressed FROM alert " +
            "WHERE (@m IS NULL OR monitor = @m) AND (@before IS NULL OR id < @before) " +
            "AND (@dead = 0 OR EXISTS (SELECT 1 FROM delivery d WHERE d.alert = alert.id AND d.state = 2)) " +
            "ORDER BY id DESC LIMIT @limit";
        command.Parameters.AddWithValue("@m", query.MonitorId is { } id ? id.ToByteArray() : DBNull.Value);
        command.Parameters.AddWithValue("@before", (object?)query.BeforeId ?? DBNull.Value);
        command.Parameters.AddWithValue("@dead", query.DeadOnly);
        command.Parameters.AddWithValue("@limit", query.Limit);
        var rows = new List<(long Id, Guid Uid, Guid? Monitor, string Kind, string Status, string Reason, long At, long Created, string? Suppressed)>();
        using (var r = command.ExecuteReader())
            while (r.Read())
                rows.Add((r.GetInt64(0), new Guid((byte[])r[1]), MonitorId(r, 2), r.GetString(3), r.GetString(4), r.GetString(5),
                    r.GetInt64(6), r.GetInt64(7), r.IsDBNull(8) ? null : r.GetString(8)));
        if (rows.Count == 0)
            return [];
        var deliveries = ReadDeliveries(connection, rows[^1].Id, rows[0].Id);
        return [.. rows.Select(a => new StoredAlert(a.Id, a.Uid, a.Monitor, a.Kind, a.Status, a.Reason, UnixMs.To(a.At), UnixMs.To(a.Created), a.Suppressed,
            deliveries.TryGetValue(a.Id, out var list) ? list : []))];
    }

    /// <summary>The deliveries (with attempts) of alerts with ids in [<paramref name="fromId"/>, <paramref name="toId"/>].</summary>
    private static Dictionary<long, List<StoredDelivery>> ReadDeliveries(SqliteConnection connection, long fromId, long toId)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT d.id, d.alert, d.channel, d.state, d.attempts, d.last_detail, d.done_at, d.summary, t.at, t.outcome, t.detail, t.duration_ms " +
            "FROM delivery d LEFT JOIN delivery_attempt t ON t.delivery = d.id WHERE d.alert BETWEEN @from AND @to ORDER BY d.id, t.id";
        command.Parameters.AddWithValue("@from", fromId);
        command.Parameters.AddWithValue("@to", toId);
        var byAlert = new Dictionary<long, List<StoredDelivery>>();
        using var r = command.ExecuteReader();
        StoredDelivery? current = null;
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (current?.Id != id)
            {
                current = new StoredDelivery(id, new Guid((byte[])r[2]), (DeliveryState)r.GetInt32(3), r.GetInt32(4),
                    r.IsDBNull(5) ? null : r.GetString(5), UnixMs.ToNullable(r[6]), r.IsDBNull(7) ? null : r.GetInt64(7), new List<StoredAttempt>());
                var alert = r.GetInt64(1);
                if (!byAlert.TryGetValue(alert, out var list))
                    byAlert[alert] = list = [];
                list.Add(current);
            }
            if (!r.IsDBNull(8))
                ((List<StoredAttempt>)current.History).Add(new StoredAttempt(UnixMs.To(r.GetInt64(8)), r.GetInt32(9), r.GetString(10), r.GetInt32(11)));
        }
        return byAlert;
    }

    public IReadOnlyDictionary<Guid, DateTimeOffset> LastDownAlerts()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT monitor, max(created_at) FROM alert WHERE kind IN ('down', 'reminder') AND suppressed IS NULL AND monitor IS NOT NULL GROUP BY monitor";
        var times = new Dictionary<Guid, DateTimeOffset>();
        using var r = command.ExecuteReader();
        while (r.Read())
            times[new Guid((byte[])r[0])] = UnixMs.To(r.GetInt64(1));
        return times;
    }

    private static Guid? MonitorId(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : new Guid((byte[])r[column]);

    private SqliteCommand Command(SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = WriteCommands.Prepare(_writer, sql, names);
        command.Transaction = transaction;
        return command;
    }
}
