using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Core.Runtime;

/// <summary>
/// How promptly the sweeper notices deadlines: the lag from a deadline to the moment a monitor was marked late or
/// down, in a fixed-bucket histogram. Written by the sweeper thread only; read by metrics and benchmarks.
/// </summary>
public sealed class DeadlineStats
{
    /// <summary>Upper bounds of the lag buckets, in milliseconds; the last bucket is everything above.</summary>
    public static readonly int[] LagBucketsMs = [10, 25, 50, 100, 250, 500, 750, 1000, 2000, 5000, 30000];

    private readonly long[] _lagCounts = new long[LagBucketsMs.Length + 1];
    private long _sweeps;
    private long _lastSweepTicks;
    private long _late;
    private long _down;

    public long Sweeps => Volatile.Read(ref _sweeps);
    public long NoticedLate => Volatile.Read(ref _late);
    public long NoticedDown => Volatile.Read(ref _down);
    public DateTimeOffset LastSweep => new(Volatile.Read(ref _lastSweepTicks), TimeSpan.Zero);

    /// <summary>A copy of the lag histogram's bucket counts (same order as <see cref="LagBucketsMs"/>, plus overflow).</summary>
    public long[] LagCounts()
    {
        var copy = new long[_lagCounts.Length];
        for (var i = 0; i < copy.Length; i++)
            copy[i] = Volatile.Read(ref _lagCounts[i]);
        return copy;
    }

    /// <summary>The bucket bound below which <paramref name="quantile"/> of the noticed lags fall (an upper estimate), in ms.</summary>
    public int LagQuantileMs(double quantile)
    {
        var counts = LagCounts();
        var total = counts.Sum();
        if (total == 0)
            return 0;
        var target = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < LagBucketsMs.Length; i++)
            if ((seen += counts[i]) >= target)
                return LagBucketsMs[i];
        return int.MaxValue;
    }

    internal void Swept(DateTimeOffset now)
    {
        Volatile.Write(ref _lastSweepTicks, now.UtcTicks);
        Interlocked.Increment(ref _sweeps);
    }

    internal void Noticed(MonitorStatus status, DateTimeOffset now, Schedule schedule, DateTimeOffset? lastSuccess)
    {
        if (status == MonitorStatus.Late)
            Interlocked.Increment(ref _late);
        else if (status == MonitorStatus.Down)
            Interlocked.Increment(ref _down);
        else
            return;
        if (lastSuccess is not { } last)
            return;
        var deadline = schedule.NextExpected(last);
        if (status == MonitorStatus.Down && deadline != DateTimeOffset.MaxValue)
            deadline += schedule.Grace;
        var lagMs = (now - deadline).TotalMilliseconds;
        if (lagMs < 0)
            return; // a run timeout, not a schedule deadline
        var bucket = Array.FindIndex(LagBucketsMs, bound => lagMs <= bound);
        Interlocked.Increment(ref _lagCounts[bucket < 0 ? LagBucketsMs.Length : bucket]);
    }
}
