using Vigil.Core.Checks;

namespace Vigil.Storage;

/// <summary>A stored check run, as the API lists it. Latencies keep microsecond precision.</summary>
public sealed record StoredCheckResult(
    long Id, DateTimeOffset At, CheckStatus Status, TimeSpan Latency, CheckError Error, string Message, PhaseTimings? Phases);

/// <summary>The width of a rollup bucket; the number is its length in seconds, as stored.</summary>
public enum RollupResolution
{
    Minute = 60,
    Hour = 3600,
}

/// <summary>
/// The runs of one monitor in one bucket. <see cref="Count"/> holds every run; <see cref="Failures"/> are Down runs
/// and <see cref="Inconclusive"/> the pool_exhausted ones, which are neither failures nor in the latency figures.
/// Latencies are null when the bucket had no conclusive run. The percentiles are estimates from a log-spaced
/// histogram (linear interpolation inside the bucket holding the rank, never above <see cref="MaxLatency"/>), so
/// they are as coarse as its buckets: 1, 2, 5, 10, 20, 50 … ms.
/// </summary>
public sealed record CheckRollup(
    DateTimeOffset BucketStart, long Count, long Failures, long Degraded, long Inconclusive,
    TimeSpan? MeanLatency, TimeSpan? MaxLatency, TimeSpan? P50, TimeSpan? P95, TimeSpan? P99);

/// <summary>
/// The fraction (0..1) of conclusive runs that were up (degraded counts as up) over the last 24 hours, 7 days and
/// 30 days; null when the window holds no conclusive run.
/// </summary>
public sealed record Uptime(double? Last24Hours, double? Last7Days, double? Last30Days);
