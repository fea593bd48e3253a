namespace Vigil.Checks.Scheduling;

/// <summary>Counters of the check scheduler, for the metrics layer and the benchmarks. Written under the scheduler's lock or interlocked.</summary>
public sealed class SchedulerStats
{
    internal long StartedCount;
    internal long CompletedCount;
    internal long SkippedOverlapCount;
    internal long SkippedQueueFullCount;
    internal long SkippedStaleCount;

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

    public long Skipped => SkippedOverlap + SkippedQueueFull + SkippedStale;

    /// <summary>Start time minus planned time of each run started.</summary>
    public LatencyHistogram Drift { get; } = new();
}
