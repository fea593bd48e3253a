using System.Diagnostics.Metrics;
using Vigil.Core.Checks;
using Vigil.Core.Metering;

namespace Vigil.Checks.Scheduling;

/// <summary>
/// Counters of the check scheduler, for the metrics layer and the benchmarks. Written under the scheduler's lock or
/// interlocked. Runs by outcome and the latency and drift histograms are instruments on the given meter.
/// </summary>
public sealed class SchedulerStats
{
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _drift;

    internal long StartedCount;
    internal long CompletedCount;
    internal long SkippedOverlapCount;
    internal long SkippedQueueFullCount;
    internal long SkippedStaleCount;
    internal long SkippedShedCount;
    internal long WakeupCount;

    /// <param name="meter">Where the run counter and histograms live; none gives a meter nobody listens to.</param>
    public SchedulerStats(Meter? meter = null)
    {
        meter ??= UnlistenedMeter.Instance;
        _runs = meter.CreateCounter<long>("vigil.check.runs", "{run}", "Finished check runs by monitor type, status and error class");
        _duration = meter.CreateHistogram<double>("vigil.check.duration", "s", "Check latency as the probe measured it, by monitor type");
        _drift = meter.CreateHistogram<double>("vigil.scheduler.drift", "s", "Start time minus planned time of each check run");
    }

    /// <summary>Times the scheduler's timer fired (or a test ticked it).</summary>
    public long Wakeups => Interlocked.Read(ref WakeupCount);

    /// <summary>Runs started.</summary>
    public long Started => Interlocked.Read(ref StartedCount);

    /// <summary>Runs finished with a result.</summary>
    public long Completed => Interlocked.Read(ref CompletedCount);

    /// <summary>Slots skipped because the previous run of the same monitor was still queued or running.</summary>
    public long SkippedOverlap => Interlocked.Read(ref SkippedOverlapCount);

    /// <summary>Runs skipped because the queue was full (the lowest priority gives way).</summary>
    public long SkippedQueueFull => Interlocked.Read(ref SkippedQueueFullCount);

    /// <summary>Runs that waited in the queue past their monitor's next slot and were dropped for it.</summary>
    public long SkippedStale => Interlocked.Read(ref SkippedStaleCount);

    /// <summary>Low-priority runs skipped while Vigil was shedding load for memory.</summary>
    public long SkippedShed => Interlocked.Read(ref SkippedShedCount);

    public long Skipped => SkippedOverlap + SkippedQueueFull + SkippedStale + SkippedShed;

    /// <summary>Start time minus planned time of each run started.</summary>
    public LatencyHistogram Drift { get; } = new();

    internal void RunStarted(TimeSpan drift)
    {
        StartedCount++;
        Drift.Record(drift);
        _drift.Record(drift.TotalSeconds);
    }

    internal void RunFinished(string type, CheckResult result)
    {
        Interlocked.Increment(ref CompletedCount);
        _runs.Add(1, new("type", type), new("status", result.Status.ToName()), new("error", result.Error.ToName()));
        _duration.Record(result.Latency.TotalSeconds, new KeyValuePair<string, object?>("type", type));
    }
}
