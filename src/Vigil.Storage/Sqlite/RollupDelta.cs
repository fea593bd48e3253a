using Vigil.Core.Checks;

namespace Vigil.Storage.Sqlite;

/// <summary>What some results add to one rollup row (one monitor, one bucket). Reused across flushes.</summary>
internal sealed class RollupDelta
{
    public readonly uint[] Histogram = new uint[LatencyHistogram.Buckets];
    public long Monitor;
    public long Bucket;
    public long Count;
    public long Failures;
    public long Degraded;
    public long Inconclusive;
    public long LatencySumUs;
    public long LatencyMaxUs;

    public void Reset(long monitor, long bucket)
    {
        (Monitor, Bucket) = (monitor, bucket);
        Count = Failures = Degraded = Inconclusive = LatencySumUs = LatencyMaxUs = 0;
        Array.Clear(Histogram);
    }

    public void Add(RollupDelta other)
    {
        Count += other.Count;
        Failures += other.Failures;
        Degraded += other.Degraded;
        Inconclusive += other.Inconclusive;
        LatencySumUs += other.LatencySumUs;
        LatencyMaxUs = Math.Max(LatencyMaxUs, other.LatencyMaxUs);
        for (var i = 0; i < Histogram.Length; i++)
            Histogram[i] += other.Histogram[i];
    }

    /// <summary>A pool_exhausted run says nothing about the target: it is counted, but not as a failure nor in latency.</summary>
    public void Fold(CheckStatus status, CheckError error, long latencyUs)
    {
        Count++;
        if (error == CheckError.PoolExhausted)
        {
            Inconclusive++;
            return;
        }
        if (status == CheckStatus.Down)
            Failures++;
        else if (status == CheckStatus.Degraded)
            Degraded++;
        LatencySumUs += latencyUs;
        LatencyMaxUs = Math.Max(LatencyMaxUs, latencyUs);
        Histogram[LatencyHistogram.BucketOf(latencyUs)]++;
    }
}
