using Microsoft.Data.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Storage.Sqlite;

public sealed partial class SqliteStore
{
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
            foreach (var (monitor, count) in purge.Removed)
            {
                using var update = _writer.CreateCommand();
                update.Transaction = transaction;
                // Exact subtraction (no clamp): counts not yet checkpointed are added later, and addition commutes.
                update.CommandText = "UPDATE monitor SET ping_count = ping_count - @n WHERE seq = @seq";
                update.Parameters.AddWithValue("@n", count);
                update.Parameters.AddWithValue("@seq", monitor);
                update.ExecuteNonQuery();
            }
        }

        PurgeDeleted(purge, transaction);
    }

    /// <summary>One chunk of one deleted monitor's pings, walked back along its chain from where the last chunk stopped.</summary>
    private void PurgeDeleted(PurgePings purge, SqliteTransaction transaction)
    {
        using var next = _writer.CreateCommand();
        next.Transaction = transaction;
        next.CommandText = "SELECT monitor, next_id FROM purge LIMIT 1";
        long seq, start;
        using (var r = next.ExecuteReader())
        {
            if (!r.Read())
                return;
            (seq, start) = (r.GetInt64(0), r.GetInt64(1));
        }
        using var chain = _writer.CreateCommand();
        chain.Transaction = transaction;
        chain.CommandText =
            "WITH RECURSIVE c(id, prev) AS (SELECT id, prev_id FROM ping WHERE id = @start AND monitor = @m " +
            "UNION ALL SELECT p.id, p.prev_id FROM ping p JOIN c ON p.id = c.prev WHERE p.monitor = @m LIMIT @chunk) " +
            "SELECT id, prev FROM c";
        chain.Parameters.AddWithValue("@start", start);
        chain.Parameters.AddWithValue("@m", seq);
        chain.Parameters.AddWithValue("@chunk", purge.Chunk);
        var ids = new List<long>();
        var resume = 0L;
        using (var r = chain.ExecuteReader())
        {
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
                resume = r.GetInt64(1);
            }
        }
        using var delete = _writer.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM ping WHERE id = @id";
        var parameter = delete.Parameters.Add("@id", SqliteType.Integer);
        foreach (var stale in ids)
        {
            parameter.Value = stale;
            delete.ExecuteNonQuery();
        }
        purge.OrphansRemoved = ids.Count;
        next.CommandText = ids.Count < purge.Chunk || resume == 0
            ? "DELETE FROM purge WHERE monitor = @m"
            : "UPDATE purge SET next_id = @resume WHERE monitor = @m";
        next.Parameters.AddWithValue("@m", seq);
        next.Parameters.AddWithValue("@resume", resume);
        next.ExecuteNonQuery();
    }

    /// <summary>
    /// One round of check retention. Raw results go in id order while older than the cutoff, as pings do (a result
    /// arriving late, after a slow run, only waits for a later round). Rollups go by the (resolution, bucket) index.
    /// </summary>
    private void PurgeChecks(PurgeCheckResults purge, SqliteTransaction transaction)
    {
        using var sql = _writer.CreateCommand();
        sql.Transaction = transaction;
        sql.Parameters.AddWithValue("@chunk", purge.Chunk);
        var cutoff = sql.Parameters.Add("@cutoff", SqliteType.Integer);
        var resolution = sql.Parameters.Add("@resolution", SqliteType.Integer);

        sql.CommandText = "DELETE FROM check_result WHERE id IN (SELECT id FROM check_result ORDER BY id LIMIT @chunk) AND at < @cutoff";
        cutoff.Value = UnixMs.From(purge.RawCutoff);
        purge.RawRemoved = sql.ExecuteNonQuery();

        sql.CommandText = "DELETE FROM check_rollup WHERE (monitor, resolution_s, bucket) IN " +
                          "(SELECT monitor, resolution_s, bucket FROM check_rollup WHERE resolution_s = @resolution AND bucket < @cutoff LIMIT @chunk)";
        resolution.Value = (int)RollupResolution.Minute;
        cutoff.Value = UnixMs.From(purge.MinuteCutoff);
        purge.MinuteRollupsRemoved = sql.ExecuteNonQuery();
        resolution.Value = (int)RollupResolution.Hour;
        cutoff.Value = UnixMs.From(purge.HourCutoff);
        purge.HourRollupsRemoved = sql.ExecuteNonQuery();

        purge.OrphansRemoved = PurgeDeletedChecks(purge.Chunk, transaction);
    }

    /// <summary>
    /// Up to <paramref name="chunk"/> check rows of deleted monitors, taken from the queue the delete trigger fills.
    /// A monitor leaves the queue once nothing of it is left, so a round also clears monitors that never had checks.
    /// </summary>
    private int PurgeDeletedChecks(int chunk, SqliteTransaction transaction)
    {
        using var sql = _writer.CreateCommand();
        sql.Transaction = transaction;
        var monitor = sql.Parameters.Add("@m", SqliteType.Integer);
        var budget = sql.Parameters.Add("@budget", SqliteType.Integer);
        var removed = 0;
        while (removed < chunk)
        {
            // A seq that is live again (handed out anew after a restart) now belongs to that monitor: keep its rows.
            sql.CommandText = "SELECT monitor, monitor IN (SELECT seq FROM monitor) FROM check_purge LIMIT 1";
            bool live;
            using (var r = sql.ExecuteReader())
            {
                if (!r.Read())
                    break;
                (monitor.Value, live) = (r.GetInt64(0), r.GetBoolean(1));
            }
            if (!live)
            {
                budget.Value = chunk - removed;
                sql.CommandText = "DELETE FROM check_result WHERE id IN (SELECT id FROM check_result WHERE monitor = @m LIMIT @budget)";
                removed += sql.ExecuteNonQuery();
                budget.Value = chunk - removed;
                sql.CommandText = "DELETE FROM check_rollup WHERE monitor = @m AND (resolution_s, bucket) IN " +
                                  "(SELECT resolution_s, bucket FROM check_rollup WHERE monitor = @m LIMIT @budget)";
                removed += sql.ExecuteNonQuery();
                if (removed >= chunk)
                    break; // possibly more of this monitor: it stays queued for the next round
            }
            sql.CommandText = "DELETE FROM check_purge WHERE monitor = @m";
            sql.ExecuteNonQuery();
        }
        return removed;
    }
}
