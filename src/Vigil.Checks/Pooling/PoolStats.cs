namespace Vigil.Checks.Pooling;

/// <summary>A moment's view of one pool, for the metrics layer.</summary>
public readonly record struct PoolStats(
    string Name,
    int Open,
    int Idle,
    int InUse,
    int Waiters,
    long Created,
    long Closed,
    long Acquired,
    long Exhausted,
    TimeSpan AcquireWaitTotal);
