using Microsoft.Data.Sqlite;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;
using Vigil.Core.States;

namespace Vigil.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public int CountMonitors()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM monitor";
        return (int)(long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Streams the monitors, each with the pings since the last checkpoint folded in: the caller builds its own
    /// objects as rows arrive, so a record lives only until the next row (a list of a million was ~180 MB that
    /// outlived the load).
    /// </summary>
    public IEnumerable<MonitorRecord> LoadMonitors()
    {
        using var connection = OpenReader();
        var deltas = ReadSinceCheckpoint(connection);
        using var command = connection.CreateCommand();
        command.CommandText = MonitorColumns.Select + " ORDER BY seq";
        var schedules = new Dictionary<(long, long), Core.Schedules.SimpleSchedule>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var monitor = MonitorColumns.Read(reader, schedules);
            yield return deltas.TryGetValue(monitor.Seq, out var delta) ? Replay(monitor, delta) : monitor;
        }
    }

    /// <summary>Walks the monitor's chain back from its newest ping (or from the ping before <paramref name="beforeId"/>).</summary>
    public IReadOnlyList<StoredPing> ReadPings(long monitorSeq, long? beforeId, int limit)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT id, at, kind, exit_status, duration_ms, rid, body, body_truncated, method, remote_addr, user_agent, prev_id " +
            "FROM ping WHERE id = @id AND monitor = @m";
        var id = command.Parameters.Add("@id", SqliteType.Integer);
        command.Parameters.AddWithValue("@m", monitorSeq);
        var pings = new List<StoredPing>();
        var next = _chains.Head(monitorSeq);
        if (beforeId is { } before)
        {
            id.Value = before;
            using var r = command.ExecuteReader();
            next = r.Read() ? r.GetInt64(11) : 0; // a cursor of another monitor, or a purged one, ends the walk
        }
        while (next > 0 && pings.Count < limit)
        {
            id.Value = next;
            using var r = command.ExecuteReader();
            if (!r.Read())
                break; // retention removed the rest of the chain
            pings.Add(new StoredPing(
                r.GetInt64(0), UnixMs.To(r.GetInt64(1)), (PingKind)r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt32(3),
                r.IsDBNull(4) ? null : r.GetInt64(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
                r.GetBoolean(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10)));
            next = r.GetInt64(11);
        }
        return pings;
    }

    public IReadOnlyList<StoredFlip> ReadFlips(long monitorSeq, long? beforeId, int limit)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, from_status, to_status, reason FROM flip WHERE monitor = @m AND id < @before ORDER BY id DESC LIMIT @limit";
        command.Parameters.AddWithValue("@m", monitorSeq);
        command.Parameters.AddWithValue("@before", beforeId ?? long.MaxValue);
        command.Parameters.AddWithValue("@limit", limit);
        using var r = command.ExecuteReader();
        var flips = new List<StoredFlip>();
        while (r.Read())
            flips.Add(new StoredFlip(r.GetInt64(0), UnixMs.To(r.GetInt64(1)), (MonitorStatus)r.GetInt32(2), (MonitorStatus)r.GetInt32(3), r.GetString(4)));
        return flips;
    }

    public ApiKeyRecord? FindApiKey(byte[] hash)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, scope, hash, prefix, created_at FROM api_key WHERE hash = @hash";
        command.Parameters.AddWithValue("@hash", hash);
        using var r = command.ExecuteReader();
        return r.Read() ? ReadKey(r) : null;
    }

    public IReadOnlyList<ApiKeyRecord> ListApiKeys()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, scope, hash, prefix, created_at FROM api_key ORDER BY created_at";
        using var r = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (r.Read())
            keys.Add(ReadKey(r));
        return keys;
    }

    public string? ReadMeta(string key)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = @key";
        command.Parameters.AddWithValue("@key", key);
        return command.ExecuteScalar() as string;
    }

    private static ApiKeyRecord ReadKey(SqliteDataReader r) =>
        new(new Guid(r.GetFieldValue<byte[]>(0)), r.GetString(1), r.GetString(2), r.GetFieldValue<byte[]>(3), r.GetString(4), UnixMs.To(r.GetInt64(5)));
}
