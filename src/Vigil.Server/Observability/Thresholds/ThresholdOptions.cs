using Vigil.Server.Configuration;

namespace Vigil.Server.Observability.Thresholds;

/// <summary>
/// The limits from <c>benchmarking.performance_thresholds</c>, and when each is judged. Only the three limits are
/// configuration keys; the judging rules are fixed here so a quiet or lightly used server never cries wolf.
/// </summary>
public sealed record ThresholdOptions
{
    public int MaxResponseTimeMs { get; init; } = 100;
    public int MaxMemoryUsageMb { get; init; } = 512;

    /// <summary>0 turns the throughput threshold off.</summary>
    public int MinThroughputRps { get; init; } = 1000;

    /// <summary>The p99 over the last minute is judged only once the minute holds this many requests: a p99 of a
    /// handful of requests is just their slowest one.</summary>
    public int MinRequestsForResponseTime { get; init; } = 20;

    /// <summary>Throughput is judged only while the server is busy: on average at least this many requests were in
    /// flight over the last minute (Little's law: the summed durations over the window's length). Below that, low
    /// throughput means few clients, not a slow server.</summary>
    public double MinBusyConcurrency { get; init; } = 1.0;

    /// <summary>Routes left out of both request thresholds: slow on purpose (a trace download runs for N seconds).</summary>
    public IReadOnlyList<string> ExcludedRoutes { get; init; } = ["/api/v1/debug/trace"];

    public static ThresholdOptions From(PerformanceThresholdOptions limits) => new()
    {
        MaxResponseTimeMs = limits.MaxResponseTimeMs,
        MaxMemoryUsageMb = limits.MaxMemoryUsageMb,
        MinThroughputRps = limits.MinThroughputRps,
    };
}
