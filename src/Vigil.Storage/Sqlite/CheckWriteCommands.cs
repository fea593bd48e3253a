using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// The prepared statements that store check results, with their parameters held so binding a row allocates nothing.
/// Creating them registers vigil_histogram_add on the writer connection, which the rollup upsert merges with.
/// </summary>
internal sealed class CheckWriteCommands : IDisposable
{
    public CheckWriteCommands(SqliteConnection connection)
    {
        connection.CreateFunction<byte[], byte[], byte[]>("vigil_histogram_add", LatencyHistogram.Add, isDeterministic: true);
        InsertResult = WriteCommands.Prepare(connection,
            "INSERT INTO check_result (monitor, at, status, error, latency_us, message, dns_us, connect_us, tls_us, first_byte_us, total_us) " +
            "VALUES (@m, @at, @status, @error, @latency, @message, @dns, @connect, @tls, @firstByte, @total)",
            "@m", "@at", "@status", "@error", "@latency", "@message", "@dns", "@connect", "@tls", "@firstByte", "@total");
        UpsertRollup = WriteCommands.Prepare(connection,
            "INSERT INTO check_rollup (monitor, resolution_s, bucket, count, failures, degraded, inconclusive, latency_sum_us, latency_max_us, histogram) " +
            "VALUES (@m, @resolution, @bucket, @count, @failures, @degraded, @inconclusive, @sum, @max, @histogram) " +
            "ON CONFLICT (monitor, resolution_s, bucket) DO UPDATE SET count = count + excluded.count, " +
            "failures = failures + excluded.failures, degraded = degraded + excluded.degraded, " +
            "inconclusive = inconclusive + excluded.inconclusive, latency_sum_us = latency_sum_us + excluded.latency_sum_us, " +
            "latency_max_us = max(latency_max_us, excluded.latency_max_us), " +
            "histogram = vigil_histogram_add(histogram, excluded.histogram)",
            "@m", "@resolution", "@bucket", "@count", "@failures", "@degraded", "@inconclusive", "@sum", "@max", "@histogram");
        MarkRollups = WriteCommands.Prepare(connection,
            "INSERT INTO meta (key, value) VALUES ('rollup_result_id', (SELECT coalesce(max(id), 0) FROM check_result)) " +
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    }

    public SqliteCommand InsertResult { get; }
    public SqliteCommand UpsertRollup { get; }

    /// <summary>Records the last result id the rollups cover, so a start can fold in the ones after it.</summary>
    public SqliteCommand MarkRollups { get; }

    /// <summary>One buffer for every upsert's histogram: SQLite copies a bound blob, so it can be refilled at once.</summary>
    public byte[] HistogramBuffer { get; } = new byte[LatencyHistogram.BlobLength];

    public void Enlist(SqliteTransaction transaction)
    {
        InsertResult.Transaction = transaction;
        UpsertRollup.Transaction = transaction;
        MarkRollups.Transaction = transaction;
    }

    public void Dispose()
    {
        InsertResult.Dispose();
        UpsertRollup.Dispose();
        MarkRollups.Dispose();
    }
}
