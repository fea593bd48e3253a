using Microsoft.Data.Sqlite;
using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.States;
using Vigil.Storage.Alerts;
using Vigil.Storage.Writing;

namespace Vigil.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private readonly WriteCommands _writeCommands;

    public void Write(IReadOnlyList<WriteItem> batch)
    {
        var firstPingId = _nextPingId;
        _batchState.Clear();
        _batchHeads.Clear();
        try
        {
            using var transaction = _writer.BeginTransaction();
            BeginCheckRollups(transaction);
            _writeCommands.Enlist(transaction);
            var forceCheckpoint = false;
            for (var i = 0; i < batch.Count; i++)
            {
                var item = batch[i];
                switch (item.Other)
                {
                    case null: WritePing(item.Ping); break;
                    case Flip flip: WriteFlip(flip); break;
                    case CheckResult result: WriteCheckResult(result, transaction); break;
                    case AlertNotice notice: WriteNotice(notice); break;
                    case FlushState: forceCheckpoint = true; break;
                    case StoreCommand command: Execute(command, transaction); break;
                }
            }
            var rollupsFlushed = FlushCheckRollupsIfDue(transaction, forceCheckpoint);
            var checkpointed = CheckpointStateIfDue(forceCheckpoint, transaction);
            transaction.Commit();
            StateCommitted(checkpointed);
            CheckRollupsCommitted(rollupsFlushed);
        }
        catch
        {
            _nextPingId = firstPingId; // the retry writes the same pings under the same ids
            throw;
        }
        foreach (var (seq, head) in _batchHeads)
            _chains.SetHead(seq, head);
    }

    /// <summary>The newest ping id of a monitor as this batch sees it: its own inserts first, then committed heads.</summary>
    private long HeadInBatch(long seq) => _batchHeads.TryGetValue(seq, out var head) ? head : _chains.Head(seq);

    private void WritePing(in PingEvent ping)
    {
        var insert = _writeCommands.InsertPing;
        insert.Bind(1, ping.MonitorSeq);
        insert.Bind(2, UnixMs.From(ping.At));
        insert.Bind(3, (int)ping.Kind);
        BindIfSet(insert, 4, ping.ExitStatus);
        BindIfSet(insert, 5, ping.DurationMs);
        insert.Bind(6, ping.Rid);
        insert.Bind(7, ping.Body);
        insert.Bind(8, ping.BodyTruncated ? 1 : 0);
        insert.Bind(9, ping.Source.Method);
        insert.Bind(10, ping.Source.RemoteAddress);
        insert.Bind(11, ping.Source.UserAgent);
        var id = _nextPingId++;
        insert.Bind(12, id);
        insert.Bind(13, HeadInBatch(ping.MonitorSeq));
        insert.Execute();
        _batchHeads[ping.MonitorSeq] = id;
        FoldIntoBatchState(id, ping);
    }

    /// <summary>-1 (and below) means "not given" for exit status and duration: stored as NULL.</summary>
    private static void BindIfSet(NativeStatement statement, int index, long value)
    {
        if (value >= 0)
            statement.Bind(index, value);
        else
            statement.BindNull(index);
    }

    private void WriteFlip(Flip flip)
    {
        var p = _writeCommands.InsertFlip.Parameters;
        p[0].Value = flip.MonitorSeq;
        p[1].Value = UnixMs.From(flip.At);
        p[2].Value = (int)flip.From;
        p[3].Value = (int)flip.To;
        p[4].Value = flip.Reason;
        p[5].Value = flip.MonitorId.ToByteArray();
        _writeCommands.InsertFlip.ExecuteNonQuery();
    }

    private void WriteState(long seq, StateDelta delta)
    {
        var update = _writeCommands.UpdateState;
        update.Bind(1, delta.LastPing);
        BindIfSet(update, 2, delta.LastSuccess > 0 ? delta.LastSuccess : -1);
        update.Bind(3, delta.Count);
        update.Bind(4, delta.RunChanged ? 1 : 0);
        BindIfSet(update, 5, delta.RunStart > 0 ? delta.RunStart : -1);
        update.Bind(6, delta.RunRid);
        update.Bind(7, seq);
        update.Bind(8, delta.LastPingId);
        update.Execute();
    }

    private void Execute(StoreCommand command, SqliteTransaction transaction)
    {
        using var sql = _writer.CreateCommand();
        sql.Transaction = transaction;
        switch (command)
        {
            case CreateMonitor create:
                var monitor = create.Monitor;
                sql.CommandText = MonitorColumns.Insert;
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
                sql.CommandText = "DELETE FROM alert_outbox WHERE monitor = (SELECT id FROM monitor WHERE seq = @seq); " +
                                  "DELETE FROM monitor WHERE seq = @seq; DELETE FROM flip WHERE monitor = @seq; " +
                                  "INSERT OR REPLACE INTO purge (monitor, next_id) VALUES (@seq, @head)";
                sql.Parameters.AddWithValue("@seq", delete.Seq);
                sql.Parameters.AddWithValue("@head", HeadInBatch(delete.Seq));
                sql.ExecuteNonQuery();
                _batchHeads[delete.Seq] = 0;
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
            case PurgeCheckResults purge:
                PurgeChecks(purge, transaction);
                break;
            case RecordAlerts record:
                Record(record, transaction);
                break;
            case RecordAttempt attempt:
                Record(attempt, transaction);
                break;
            case PurgeAlerts purge:
                Purge(purge, transaction);
                break;
            case CreateChannel or UpdateChannel or DeleteChannel: WriteChannel(sql, command); break;
            case SaveMaintenanceWindow save: Save(save, sql); break;
            case DeleteMaintenanceWindow delete: Delete(delete, sql); break;
            case SaveSilence save: Save(save, sql); break;
            case DeleteSilence delete: Delete(delete, sql); break;
            case DeleteSilences delete: Delete(delete, sql); break;
            default:
                throw new NotSupportedException($"the SQLite store has no handler for {command.GetType().Name}");
        }
    }
}
