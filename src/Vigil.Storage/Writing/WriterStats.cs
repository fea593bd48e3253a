using System.Diagnostics.Metrics;
using Vigil.Core.Metering;

namespace Vigil.Storage.Writing;

/// <summary>Counters the batching writer keeps for metrics and readiness. Written by the writer thread.</summary>
public sealed class WriterStats
{
    private static readonly long[] SizeBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _commitDuration;

    private long _batches;
    private long _items;
    private long _failures;
    private long _lastBatchSize;
    private long _lastCommitMicros;
    private long _totalCommitMicros;
    private long _rejected;

    /// <param name="meter">Where the batch histograms live; none gives a meter nobody listens to.</param>
    public WriterStats(Meter? meter = null)
    {
        meter ??= UnlistenedMeter.Instance;
        _batchSize = meter.CreateHistogram("vigil.write.batch.size", "{item}", "Writes per committed batch",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });
        _commitDuration = meter.CreateHistogram<double>("vigil.write.commit.duration", "s", "Time to commit one batch to storage");
    }

    public long Batches => Volatile.Read(ref _batches);
    public long Items => Volatile.Read(ref _items);
    public long Failures => Volatile.Read(ref _failures);
    public long LastBatchSize => Volatile.Read(ref _lastBatchSize);
    public long LastCommitMicros => Volatile.Read(ref _lastCommitMicros);
    public long TotalCommitMicros => Volatile.Read(ref _totalCommitMicros);

    /// <summary>Pings refused because the queue was full (counted by the caller that refused them).</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>False from a failed commit until the next good one.</summary>
    public bool Healthy { get; internal set; } = true;

    internal void Committed(int size, long micros)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _items, size);
        Volatile.Write(ref _lastBatchSize, size);
        Volatile.Write(ref _lastCommitMicros, micros);
        Interlocked.Add(ref _totalCommitMicros, micros);
        Healthy = true;
        _batchSize.Record(size);
        _commitDuration.Record(micros / 1e6);
    }

    internal void Failed()
    {
        Interlocked.Increment(ref _failures);
        Healthy = false;
    }

    public void CountRejected() => Interlocked.Increment(ref _rejected);
}
