namespace Vigil.Server.Observability.Thresholds;

/// <summary>The three thresholds, by the names the metrics and the API use.</summary>
public static class ThresholdNames
{
    public const string MaxResponseTime = "max_response_time";
    public const string MaxMemoryUsage = "max_memory_usage";
    public const string MinThroughput = "min_throughput";

    public static readonly IReadOnlyList<string> All = [MaxResponseTime, MaxMemoryUsage, MinThroughput];
}

/// <summary>
/// A threshold as last judged. <see cref="Value"/> is the measured figure in <see cref="Unit"/> (null when there was
/// nothing to measure); <see cref="Judged"/> is false when the judging rule did not apply (too few requests, not
/// busy), which never counts as a breach. <see cref="Since"/> is when the current breach began.
/// </summary>
public sealed record ThresholdState(
    string Threshold, double Limit, string Unit, double? Value, bool Judged, bool Breached, DateTimeOffset? Since, long Breaches);

/// <summary>A threshold crossed (<see cref="Breached"/> true) or recovered; what the alerting issue hooks.</summary>
public sealed record ThresholdChange(string Threshold, bool Breached, double? Value, double Limit, string Unit, DateTimeOffset At);
