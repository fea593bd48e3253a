using Microsoft.Data.Sqlite;
using Vigil.Core.Pings;
using Vigil.Core.States;
using Vigil.Storage.Writing;

namespace Vigil.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private readonly WriteCommands _writeCommands;
    // Per-monitor state changes of the batch being written, folded so each monitor row is updated once per batch.
    private readonly Dictionary<long, StateDelta> _deltas = [];

    public void Write(IReadOnlyList<WriteItem> batch)
    {
        using var transaction = _writer.BeginTransaction();
        _writeCommands.Enlist(transaction);
        _deltas.Clear();
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var item = batch[i];
                switch (item.Other)
                {
                    case null: WritePing(item.Ping); break;
                    case Flip flip: WriteFlip(flip); break;
                    case StoreCommand command: Execute(command, transaction); break;
                }
            }
            foreach (var (seq, delta) in _deltas)
                WriteState(seq, delta);
            transaction.Commit();
        }
        finally
        {
            _deltas.Clear();
        }
    }

    private void WritePing(in PingEvent ping)
    {
        var p = _writeCommands.InsertPing.Parameters;
        p[0].Value = ping.MonitorSeq;
        p[1].Value = UnixMs.From(ping.At);
        p[2].Value = (int)ping.Kind;
        p[3].Value = ping.ExitStatus >= 0 ? ping.ExitStatus : DBNull.Value;
        p[4].Value = ping.DurationMs >= 0 ? ping.DurationMs : DBNull.Value;
        p[5].Value = (object?)ping.Rid ?? DBNull.Value;
        p[6].Value = (object?)ping.Body ?? DBNull.Value;
        p[7].Value = ping.BodyTruncated;
        p[8].Value = ping.Source.Method;
        p[9].Value = (object?)ping.Source.RemoteAddress ?? DBNull.Value;
        p[10].Value = (object?)ping.Source.UserAgent ?? DBNull.Value;
        _writeCommands.InsertPing.ExecuteNonQuery();

        ref var delta = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_deltas, ping.MonitorSeq, out _);
        delta.Fold(ping);
    }

    private void WriteFlip(Flip flip)
    {
        var p = _writeCommands.InsertFlip.Parameters;
        p[0].Value = flip.MonitorSeq;
        p[1].Value = UnixMs.From(flip.At);
        p[2].Value = (int)flip.From;
        p[3].Value = (int)flip.To;
        p[4].Value = flip.Reason;
        _writeCommands.InsertFlip.ExecuteNonQuery();
    }

    private void WriteState(long seq, in StateDelta delta)
    {
        var p = _writeCommands.UpdateState.Parameters;
        p[0].Value = delta.LastPing;
        p[1].Value = delta.LastSuccess > 0 ? delta.LastSuccess : DBNull.Value;
        p[2].Value = delta.Count;
        p[3].Value = delta.RunChanged;
        p[4].Value = delta.RunStart > 0 ? delta.RunStart : DBNull.Value;
        p[5].Value = (object?)delta.RunRid ?? DBNull.Value;
        p[6].Value = seq;
        _writeCommands.UpdateState.ExecuteNonQuery();
    }

    /// <summary>What a batch's pings did to one monitor's stored state, in Unix ms.</summary>
    private struct StateDelta
    {
        public long LastPing;
        public long LastSuccess;
        public int Count;
        public bool RunChanged;
        public long RunStart;
        public string? RunRid;

        public void Fold(in PingEvent ping)
        {
            var at = UnixMs.From(ping.At);
            Count++;
            LastPing = Math.Max(LastPing, at);
            if (ping.Kind == PingKind.Success)
                LastSuccess = Math.Max(LastSuccess, at);
            if (ping.Kind == PingKind.Start)
                (RunChanged, RunStart, RunRid) = (true, at, ping.Rid);
            else if (ping.DurationMs >= 0) // a finish that closed the open run
                (RunChanged, RunStart, RunRid) = (true, 0, null);
        }
    }

    private void Execute(StoreCommand command, SqliteTransaction transaction)
    {
        using var sql = _writer.CreateCommand();
        sql.Transaction = transaction;
        switch (command)
        {
            case CreateMonitor create:
                var monitor = create.Monitor;
                sql.CommandText = "INSERT INTO monitor (seq, id, slug, name, description, tags, period_seconds, grace_seconds, cron, timezone, paused, created_at, updated_at, status, status_changed_at) " +
                                  "VALUES (@seq, @id, @slug, @name, @description, @tags, @period, @grace, @cron, @timezone, @paused, @created, @updated, @status, @changed)";
                MonitorColumns.Bind(sql, monitor.Definition, monitor.Definition.CreatedAt);
                sql.Parameters.AddWithValue("@seq", monitor.Seq);
                sql.Parameters.AddWithValue("@id", monitor.Definition.Id.ToByteArray());
                sql.Parameters.AddWithValue("@created", UnixMs.From(monitor.Definition.CreatedAt));
                sql.Parameters.AddWithValue("@status", (int)monitor.State.Status);
                sql.Parameters.AddWithValue("@changed", UnixMs.From(monitor.State.StatusChangedAt));
                sql.ExecuteNonQuery();
                break;
            case UpdateMonitor update:
                sql.CommandText = $"UPDATE monitor SET {MonitorColumns.DefinitionSet} WHERE seq = @seq";
                MonitorColumns.Bind(sql, update.Definition, update.At);
                sql.Parameters.AddWithValue("@seq", update.Seq);
                sql.ExecuteNonQuery();
                break;
            case DeleteMonitor delete:
                sql.CommandText = "DELETE FROM monitor WHERE seq = @seq; DELETE FROM flip WHERE monitor = @seq; INSERT OR IGNORE INTO purge (monitor) VALUES (@seq)";
                sql.Parameters.AddWithValue("@seq", delete.Seq);
                sql.ExecuteNonQuery();
                break;
            case CreateApiKey create:
                var key = create.Key;
                sql.CommandText = "INSERT INTO api_key (id, name, scope, hash, prefix, created_at) VALUES (@id, @name, @scope, @hash, @prefix, @created)";
                sql.Parameters.AddWithValue("@id", key.Id.ToByteArray());
                sql.Parameters.AddWithValue("@name", key.Name);
                sql.Parameters.AddWithValue("@scope", key.Scope);
                sql.Parameters.AddWithValue("@hash", key.Hash);
                sql.Parameters.AddWithValue("@prefix", key.Prefix);
                sql.Parameters.AddWithValue("@created", UnixMs.From(key.CreatedAt));
                sql.ExecuteNonQuery();
                break;
            case DeleteApiKey delete:
                sql.CommandText = "DELETE FROM api_key WHERE id = @id";
                sql.Parameters.AddWithValue("@id", delete.Id.ToByteArray());
                delete.Found = sql.ExecuteNonQuery() > 0;
                break;
            case SetMeta meta:
                sql.CommandText = "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
                sql.Parameters.AddWithValue("@key", meta.Key);
                sql.Parameters.AddWithValue("@value", meta.Value);
                sql.ExecuteNonQuery();
                break;
            case PurgePings purge:
                Purge(purge, transaction);
                break;
            default:
                throw new NotSupportedException($"the SQLite store has no handler for {command.GetType().Name}");
        }
    }

    /// <summary>
    /// Deletes the oldest pings in id order while they are older than the cutoff (ids grow with arrival time, so no
    /// index on time is needed), then a chunk of pings of one deleted monitor.
    /// </summary>
    private void Purge(PurgePings purge, SqliteTransaction transaction)
    {
        using (var old = _writer.CreateCommand())
        {
            old.Transaction = transaction;
            old.CommandText = "DELETE FROM ping WHERE id IN (SELECT id FROM ping ORDER BY id LIMIT @chunk) AND at < @cutoff RETURNING monitor";
            old.Parameters.AddWithValue("@chunk", purge.Chunk);
            old.Parameters.AddWithValue("@cutoff", UnixMs.From(purge.Cutoff));
            using (var reader = old.ExecuteReader())
                while (reader.Read())
                    purge.Removed[reader.GetInt64(0)] = purge.Removed.GetValueOrDefault(reader.GetInt64(0)) + 1;
            foreach (var (seq, count) in purge.Removed)
            {
                using var update = _writer.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE monitor SET ping_count = max(0, ping_count - @n) WHERE seq = @seq";
                update.Parameters.AddWithValue("@n", count);
                update.Parameters.AddWithValue("@seq", seq);
                update.ExecuteNonQuery();
            }
        }

        using var orphans = _writer.CreateCommand();
        orphans.Transaction = transaction;
        orphans.CommandText = "DELETE FROM ping WHERE id IN (SELECT id FROM ping WHERE monitor = (SELECT monitor FROM purge LIMIT 1) LIMIT @chunk)";
        orphans.Parameters.AddWithValue("@chunk", purge.Chunk);
        purge.OrphansRemoved = orphans.ExecuteNonQuery();
        if (purge.OrphansRemoved < purge.Chunk)
        {
            orphans.CommandText = "DELETE FROM purge WHERE monitor = (SELECT monitor FROM purge LIMIT 1)";
            orphans.ExecuteNonQuery();
        }
    }
}
