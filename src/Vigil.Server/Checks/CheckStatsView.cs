namespace Vigil.Server.Checks;

/// <summary>What <c>GET /api/v1/checks/stats</c> shows: the scheduler's counters and every connection pool.</summary>
public sealed record CheckStatsView(SchedulerView Scheduler, IReadOnlyList<PoolView> Pools, long ResultsNotStored);

/// <summary>Counters since start; drift is start time minus planned time, over all runs since start.</summary>
public sealed record SchedulerView(
    int Monitors, int Running, int QueueDepth, long Started, long Completed,
    long SkippedOverlap, long SkippedQueueFull, long SkippedStale, long SkippedShed, DriftView DriftMs);

/// <summary>Percentiles are bucket upper bounds (see docs/architecture.md), so they err on the slow side.</summary>
public sealed record DriftView(double P50, double P99, double Max, double Mean);

public sealed record PoolView(string Protocol, string Target, int Open, int Idle, int InUse, int Waiters, long Created, long Closed, long Acquired, long Exhausted, double AcquireWaitMs);
