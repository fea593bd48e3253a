using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// Monitor state columns (last ping, last success, ping count, open run) are checkpointed about once a second rather
/// than with every batch: updating each pinged monitor's row in every commit dirtied a random page per monitor and
/// made the WAL write (and fsync) several times larger than the pings themselves. The checkpoint records the last
/// ping id it covers; loading replays the pings after it, so the state is exact even after kill -9.
/// </summary>
public sealed partial class SqliteStore
{
    private const string CheckpointMetaKey = "state_ping_id";
    private readonly TimeSpan _checkpointEvery;
    private const int MaxPendingMonitors = 200_000;

    // Deltas of committed batches not yet written to monitor rows, and of the batch being written now.
    private readonly Dictionary<long, StateDelta> _pendingState = [];
    private readonly Dictionary<long, StateDelta> _batchState = [];
    private long _lastCheckpoint = Stopwatch.GetTimestamp();

    private void FoldIntoBatchState(long id, in PingEvent ping)
    {
        if (!_batchState.TryGetValue(ping.MonitorSeq, out var delta))
            _batchState[ping.MonitorSeq] = delta = new StateDelta();
        delta.Fold(id, UnixMs.From(ping.At), ping.Kind, ping.DurationMs, ping.Rid);
    }

    /// <summary>Inside the batch's transaction: writes every pending delta if a checkpoint is due. Returns whether it did.</summary>
    private bool CheckpointStateIfDue(bool force, SqliteTransaction transaction)
    {
        var due = force || _pendingState.Count + _batchState.Count >= MaxPendingMonitors
                  || Stopwatch.GetElapsedTime(_lastCheckpoint) >= _checkpointEvery;
        if (!due || _pendingState.Count + _batchState.Count == 0)
            return false;
        // Two passes rather than a merged copy: the updates are additive, and a failed commit must leave
        // _pendingState untouched for the retry.
        foreach (var (seq, delta) in _pendingState)
            WriteState(seq, delta);
        foreach (var (seq, delta) in _batchState)
            WriteState(seq, delta);
        using var mark = _writer.CreateCommand();
        mark.CommandText = "INSERT INTO meta (key, value) VALUES (@key, (SELECT coalesce(max(id), 0) FROM ping)) " +
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        mark.Parameters.AddWithValue("@key", CheckpointMetaKey);
        mark.Transaction = transaction;
        mark.ExecuteNonQuery();
        return true;
    }

    /// <summary>After the commit: the batch's deltas are either checkpointed with everything else or wait for the next one.</summary>
    private void StateCommitted(bool checkpointed)
    {
        if (checkpointed)
        {
            _pendingState.Clear();
            _lastCheckpoint = Stopwatch.GetTimestamp();
        }
        else
        {
            foreach (var (seq, delta) in _batchState)
            {
                if (_pendingState.TryGetValue(seq, out var pending))
                    pending.Merge(delta);
                else
                    _pendingState[seq] = delta;
            }
        }
        _batchState.Clear();
    }

    /// <summary>What the pings written after the last state checkpoint did to each monitor, by monitor seq.</summary>
    private static Dictionary<long, StateDelta> ReadSinceCheckpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT monitor, at, kind, duration_ms, rid, id FROM ping " +
                              "WHERE id > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = @key), 0) ORDER BY id";
        command.Parameters.AddWithValue("@key", CheckpointMetaKey);
        var deltas = new Dictionary<long, StateDelta>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            if (!deltas.TryGetValue(r.GetInt64(0), out var delta))
                deltas[r.GetInt64(0)] = delta = new StateDelta();
            delta.Fold(r.GetInt64(5), r.GetInt64(1), (PingKind)r.GetInt32(2), r.IsDBNull(3) ? -1 : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4));
        }
        return deltas;
    }

    /// <summary>Folds a monitor's pings since the checkpoint into its stored state.</summary>
    private static MonitorRecord Replay(MonitorRecord monitor, StateDelta d)
    {
        var s = monitor.State;
        return monitor with
        {
            State = s with
            {
                LastPingAt = Later(s.LastPingAt, d.LastPing),
                LastSuccessAt = Later(s.LastSuccessAt, d.LastSuccess),
                PingCount = s.PingCount + d.Count,
                OpenStartAt = d.RunChanged ? (d.RunStart > 0 ? UnixMs.To(d.RunStart) : null) : s.OpenStartAt,
                OpenRid = d.RunChanged ? d.RunRid : s.OpenRid,
            },
        };
    }

    private static DateTimeOffset? Later(DateTimeOffset? stored, long ms) =>
        ms > 0 && (stored is null || UnixMs.From(stored.Value) < ms) ? UnixMs.To(ms) : stored;
}
