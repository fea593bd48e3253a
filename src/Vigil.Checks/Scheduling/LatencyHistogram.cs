namespace Vigil.Checks.Scheduling;

/// <summary>
/// A lock-free histogram of durations over fixed, roughly logarithmic bucket bounds. Percentiles are read as the
/// upper bound of the bucket they fall in, so they err on the slow side.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Upper bounds in milliseconds; a last bucket catches everything above.</summary>
    public static readonly double[] BoundsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000];

    private readonly long[] _counts = new long[BoundsMs.Length + 1];
    private long _sumTicks;
    private long _maxTicks;

    public void Record(TimeSpan value)
    {
        var ms = value.TotalMilliseconds;
        var bucket = 0;
        while (bucket < BoundsMs.Length && ms > BoundsMs[bucket])
            bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumTicks, Math.Max(0, value.Ticks));
        var max = Interlocked.Read(ref _maxTicks);
        while (value.Ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxTicks, value.Ticks, max);
            if (seen == max)
                break;
            max = seen;
        }
    }

    public long Count => Snapshot().Sum();

    public TimeSpan Sum => TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks));

    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks));

    /// <summary>Counts per bucket, the last one being everything above the last bound.</summary>
    public long[] Snapshot()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++)
            copy[i] = Volatile.Read(ref _counts[i]);
        return copy;
    }

    /// <summary>The bucket bound at or below which <paramref name="quantile"/> of the values lie; the max for the overflow bucket.</summary>
    public TimeSpan Percentile(double quantile)
    {
        var counts = Snapshot();
        var total = counts.Sum();
        if (total == 0)
            return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
                return i < BoundsMs.Length ? TimeSpan.FromMilliseconds(BoundsMs[i]) : Max;
        }
        return Max;
    }
}
