using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Vigil.Core.Checks;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// Check results: raw rows, committed with their batch, plus per-minute and per-hour rollups for charts and uptime.
/// Rollups are folded in memory and written about every 10 s (and on shutdown): upserting two rollup rows per
/// result in every batch cost the writer more than the results themselves. The flush records the last result id it
/// covers (meta <c>rollup_result_id</c>), in the same transaction; the first write after a start folds in the results
/// after it, so a crash loses nothing. Rollups and uptime therefore trail the raw results by up to the flush interval.
/// </summary>
public sealed partial class SqliteStore
{
    private const string ResultColumns = "id, at, status, latency_us, error, message, dns_us, connect_us, tls_us, first_byte_us, total_us";
    private const string RollupMarkKey = "rollup_result_id";
    private const int MaxPendingRollups = 200_000;

    // Created on the first check result, so a store that only sees pings never registers the histogram function.
    // Not disposed by Dispose: closing the writer connection disposes every command created on it.
    private CheckWriteCommands? _checkCommands;
    private readonly TimeSpan _rollupFlushEvery;
    private long _lastRollupFlush = Stopwatch.GetTimestamp();
    private bool _rollupsReplayed;

    // This batch's deltas, and those of committed batches not yet written. Two sets, so a failed batch leaves the
    // committed ones untouched for its retry. Writer thread only.
    private readonly RollupBatch _batchMinutes = new((long)RollupResolution.Minute * 1000);
    private readonly RollupBatch _batchHours = new((long)RollupResolution.Hour * 1000);
    private readonly RollupBatch _pendingMinutes = new((long)RollupResolution.Minute * 1000);
    private readonly RollupBatch _pendingHours = new((long)RollupResolution.Hour * 1000);

    private void WriteCheckResult(CheckResult result, SqliteTransaction transaction)
    {
        var commands = Commands(transaction);
        var at = UnixMs.From(result.At);
        var latencyUs = LatencyHistogram.ToMicroseconds(result.Latency);
        var p = commands.InsertResult.Parameters;
        p[0].Value = result.MonitorSeq;
        p[1].Value = at;
        p[2].Value = (int)result.Status;
        p[3].Value = (int)result.Error;
        p[4].Value = latencyUs;
        p[5].Value = result.Message;
        var phases = result.Phases;
        p[6].Value = Micros(phases?.Dns);
        p[7].Value = Micros(phases?.Connect);
        p[8].Value = Micros(phases?.Tls);
        p[9].Value = Micros(phases?.FirstByte);
        p[10].Value = Micros(phases?.Total);
        commands.InsertResult.ExecuteNonQuery();
        Fold(_batchMinutes, _batchHours, result.MonitorSeq, at, result.Status, result.Error, latencyUs);
    }

    private static void Fold(RollupBatch minutes, RollupBatch hours, long monitor, long atMs, CheckStatus status, CheckError error, long latencyUs)
    {
        minutes.For(monitor, atMs).Fold(status, error, latencyUs);
        hours.For(monitor, atMs).Fold(status, error, latencyUs);
    }

    private CheckWriteCommands Commands(SqliteTransaction transaction)
    {
        var commands = _checkCommands ??= new CheckWriteCommands(_writer);
        commands.Enlist(transaction);
        return commands;
    }

    /// <summary>At the start of a batch (attempt): the retry of a failed batch folds its results again, so drop the failed fold.
    /// The first batch after a start also folds in the results the last flush did not cover.</summary>
    private void BeginCheckRollups(SqliteTransaction transaction)
    {
        _batchMinutes.Clear();
        _batchHours.Clear();
        if (_rollupsReplayed)
            return;
        ReplayUnflushedResults(transaction);
        _rollupsReplayed = true;
    }

    /// <summary>Before the commit: writes every pending and this batch's delta when a flush is due. Returns whether it did.</summary>
    private bool FlushCheckRollupsIfDue(SqliteTransaction transaction, bool force)
    {
        var groups = _pendingMinutes.Groups.Count + _batchMinutes.Groups.Count;
        if (groups == 0 || !(force || groups >= MaxPendingRollups || Stopwatch.GetElapsedTime(_lastRollupFlush) >= _rollupFlushEvery))
            return false;
        var commands = Commands(transaction);
        WriteRollups(commands, _pendingMinutes, RollupResolution.Minute);
        WriteRollups(commands, _batchMinutes, RollupResolution.Minute);
        WriteRollups(commands, _pendingHours, RollupResolution.Hour);
        WriteRollups(commands, _batchHours, RollupResolution.Hour);
        commands.MarkRollups.ExecuteNonQuery();
        return true;
    }

    /// <summary>After the commit: a flush wrote everything; otherwise this batch's deltas join the pending ones.</summary>
    private void CheckRollupsCommitted(bool flushed)
    {
        if (flushed)
        {
            _pendingMinutes.Clear();
            _pendingHours.Clear();
            _lastRollupFlush = Stopwatch.GetTimestamp();
        }
        else
        {
            _pendingMinutes.Add(_batchMinutes);
            _pendingHours.Add(_batchHours);
        }
        _batchMinutes.Clear();
        _batchHours.Clear();
    }

    private void ReplayUnflushedResults(SqliteTransaction transaction)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT monitor, at, status, error, latency_us FROM check_result " +
                              $"WHERE id > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{RollupMarkKey}'), 0)";
        using var r = command.ExecuteReader();
        while (r.Read())
            Fold(_pendingMinutes, _pendingHours, r.GetInt64(0), r.GetInt64(1), (CheckStatus)r.GetInt32(2), (CheckError)r.GetInt32(3), r.GetInt64(4));
    }

    private static void WriteRollups(CheckWriteCommands commands, RollupBatch rollups, RollupResolution resolution)
    {
        if (rollups.Groups.Count == 0)
            return;
        var p = commands.UpsertRollup.Parameters;
        p[1].Value = (int)resolution;
        p[9].Value = commands.HistogramBuffer;
        foreach (var delta in rollups.Groups)
        {
            p[0].Value = delta.Monitor;
            p[2].Value = delta.Bucket;
            p[3].Value = delta.Count;
            p[4].Value = delta.Failures;
            p[5].Value = delta.Degraded;
            p[6].Value = delta.Inconclusive;
            p[7].Value = delta.LatencySumUs;
            p[8].Value = delta.LatencyMaxUs;
            LatencyHistogram.Write(delta.Histogram, commands.HistogramBuffer);
            commands.UpsertRollup.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<StoredCheckResult> ReadCheckResults(long monitorSeq, long? beforeId, int limit)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ResultColumns} FROM check_result WHERE monitor = @m AND id < @before ORDER BY id DESC LIMIT @limit";
        command.Parameters.AddWithValue("@m", monitorSeq);
        command.Parameters.AddWithValue("@before", beforeId ?? long.MaxValue);
        command.Parameters.AddWithValue("@limit", limit);
        using var r = command.ExecuteReader();
        var results = new List<StoredCheckResult>();
        while (r.Read())
            results.Add(ReadResult(r, 0));
        return results;
    }

    /// <summary>
    /// Walks the distinct monitors of the (monitor, id) index by skip-scan and takes each one's max id, so the cost
    /// grows with the number of monitors, not of rows. Deleted monitors are left out.
    /// </summary>
    public IReadOnlyDictionary<long, StoredCheckResult> LoadLatestCheckResults()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "WITH RECURSIVE seen(monitor) AS (SELECT (SELECT min(monitor) FROM check_result) " +
            "UNION ALL SELECT (SELECT min(monitor) FROM check_result WHERE monitor > seen.monitor) FROM seen WHERE seen.monitor IS NOT NULL) " +
            $"SELECT seen.monitor, {ResultColumns} FROM seen " +
            "JOIN check_result ON check_result.id = (SELECT max(id) FROM check_result WHERE monitor = seen.monitor) " +
            "WHERE seen.monitor IN (SELECT seq FROM monitor)";
        using var r = command.ExecuteReader();
        var latest = new Dictionary<long, StoredCheckResult>();
        while (r.Read())
            latest[r.GetInt64(0)] = ReadResult(r, 1);
        return latest;
    }

    public IReadOnlyList<CheckRollup> ReadRollups(long monitorSeq, RollupResolution resolution, DateTimeOffset from, DateTimeOffset to)
    {
        var bucketMs = (long)resolution * 1000;
        var fromMs = UnixMs.From(from);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT bucket, count, failures, degraded, inconclusive, latency_sum_us, latency_max_us, histogram FROM check_rollup " +
            "WHERE monitor = @m AND resolution_s = @resolution AND bucket >= @from AND bucket < @to ORDER BY bucket";
        command.Parameters.AddWithValue("@m", monitorSeq);
        command.Parameters.AddWithValue("@resolution", (int)resolution);
        command.Parameters.AddWithValue("@from", fromMs - (((fromMs % bucketMs) + bucketMs) % bucketMs));
        command.Parameters.AddWithValue("@to", UnixMs.From(to));
        using var r = command.ExecuteReader();
        var rollups = new List<CheckRollup>();
        while (r.Read())
        {
            var count = r.GetInt64(1);
            var inconclusive = r.GetInt64(4);
            var timed = count - inconclusive;
            var maxUs = r.GetInt64(6);
            var histogram = r.GetFieldValue<byte[]>(7);
            rollups.Add(new CheckRollup(
                UnixMs.To(r.GetInt64(0)), count, r.GetInt64(2), r.GetInt64(3), inconclusive,
                timed > 0 ? LatencyHistogram.Microseconds(r.GetInt64(5) / timed) : null,
                timed > 0 ? LatencyHistogram.Microseconds(maxUs) : null,
                LatencyHistogram.Quantile(histogram, 0.50, maxUs),
                LatencyHistogram.Quantile(histogram, 0.95, maxUs),
                LatencyHistogram.Quantile(histogram, 0.99, maxUs)));
        }
        return rollups;
    }

    /// <summary>
    /// Sums the hourly rollups of the last 24, 24·7 and 24·30 hour buckets, the current (partial) hour included: the
    /// window edge is hour-granular, so "24 h" covers between 23 and 24 hours of runs. Inconclusive runs are left
    /// out of the denominator; degraded runs count as up.
    /// </summary>
    public Uptime ReadUptime(long monitorSeq, DateTimeOffset now)
    {
        const long HourMs = (long)RollupResolution.Hour * 1000;
        var nowMs = UnixMs.From(now);
        var currentHour = nowMs - (((nowMs % HourMs) + HourMs) % HourMs);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sum(CASE WHEN bucket >= @day THEN count - inconclusive END), sum(CASE WHEN bucket >= @day THEN failures END), " +
            "sum(CASE WHEN bucket >= @week THEN count - inconclusive END), sum(CASE WHEN bucket >= @week THEN failures END), " +
            "sum(count - inconclusive), sum(failures) FROM check_rollup " +
            "WHERE monitor = @m AND resolution_s = @resolution AND bucket >= @month AND bucket <= @now";
        command.Parameters.AddWithValue("@m", monitorSeq);
        command.Parameters.AddWithValue("@resolution", (int)RollupResolution.Hour);
        command.Parameters.AddWithValue("@day", currentHour - (23 * HourMs));
        command.Parameters.AddWithValue("@week", currentHour - (((24 * 7) - 1) * HourMs));
        command.Parameters.AddWithValue("@month", currentHour - (((24 * 30) - 1) * HourMs));
        command.Parameters.AddWithValue("@now", nowMs);
        using var r = command.ExecuteReader();
        r.Read();
        return new Uptime(UpFraction(r, 0), UpFraction(r, 2), UpFraction(r, 4));
    }

    private static double? UpFraction(SqliteDataReader r, int ordinal)
    {
        var conclusive = r.IsDBNull(ordinal) ? 0 : r.GetInt64(ordinal);
        return conclusive > 0 ? (double)(conclusive - r.GetInt64(ordinal + 1)) / conclusive : null;
    }

    private static StoredCheckResult ReadResult(SqliteDataReader r, int o)
    {
        var phases = r.IsDBNull(o + 10) ? null : new PhaseTimings(
            Span(r, o + 6), Span(r, o + 7), Span(r, o + 8), Span(r, o + 9), LatencyHistogram.Microseconds(r.GetInt64(o + 10)));
        return new StoredCheckResult(
            r.GetInt64(o), UnixMs.To(r.GetInt64(o + 1)), (CheckStatus)r.GetInt32(o + 2), LatencyHistogram.Microseconds(r.GetInt64(o + 3)),
            (CheckError)r.GetInt32(o + 4), r.GetString(o + 5), phases);
    }

    private static TimeSpan? Span(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : LatencyHistogram.Microseconds(r.GetInt64(ordinal));

    private static object Micros(TimeSpan? span) => span is { } s ? LatencyHistogram.ToMicroseconds(s) : DBNull.Value;
}
