using System.Diagnostics.Metrics;
using Vigil.Core.Metering;
using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Core.Runtime;

/// <summary>
/// How promptly the sweeper notices deadlines: the lag from a deadline to the moment a monitor was marked late or
/// down goes to the <c>vigil.deadline.lag</c> histogram. Written by the sweeper thread only.
/// </summary>
public sealed class DeadlineStats
{
    // Finer than the default seconds buckets around the one-second promise.
    private static readonly double[] LagBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5, 30];

    private readonly Histogram<double> _lag;
    private long _sweeps;
    private long _lastSweepTicks;
    private long _late;
    private long _down;

    /// <param name="meter">Where the lag histogram lives; none gives a meter nobody listens to.</param>
    public DeadlineStats(Meter? meter = null)
    {
        _lag = (meter ?? UnlistenedMeter.Instance).CreateHistogram("vigil.deadline.lag", "s",
            "Time from a heartbeat deadline to the sweep that marked the monitor late or down",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
    }

    public long Sweeps => Volatile.Read(ref _sweeps);
    public long NoticedLate => Volatile.Read(ref _late);
    public long NoticedDown => Volatile.Read(ref _down);
    public DateTimeOffset LastSweep => new(Volatile.Read(ref _lastSweepTicks), TimeSpan.Zero);

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
        var lag = now - deadline;
        if (lag >= TimeSpan.Zero) // a negative lag is a run timeout, not a schedule deadline
            _lag.Record(lag.TotalSeconds);
    }
}
