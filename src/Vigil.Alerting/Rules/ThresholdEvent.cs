using System.Globalization;

namespace Vigil.Alerting.Rules;

public enum ThresholdKind
{
    /// <summary>"latency_p95": the 95th percentile of successful checks' latency, in milliseconds.</summary>
    LatencyP95,
    /// <summary>"failure_rate": failed checks as a percentage of all checks.</summary>
    FailureRate,
}

public enum ThresholdChange
{
    /// <summary>The figure went above its limit.</summary>
    Breached,
    /// <summary>It is back at or under the limit.</summary>
    Cleared,
}

/// <summary>A threshold rule of one monitor changed state. <see cref="Value"/> and <see cref="Limit"/> are milliseconds
/// for <see cref="ThresholdKind.LatencyP95"/> and percent for <see cref="ThresholdKind.FailureRate"/>.</summary>
/// <param name="Samples">How many results the figure was computed from.</param>
public sealed record ThresholdEvent(ThresholdKind Kind, ThresholdChange Change, double Value, double Limit, TimeSpan Window, int Samples)
{
    /// <summary>The rule's name as the API spells it: <c>latency_p95</c> or <c>failure_rate</c>.</summary>
    public string RuleName => Kind == ThresholdKind.LatencyP95 ? "latency_p95" : "failure_rate";

    /// <summary>The alert's reason text.</summary>
    public string Reason
    {
        get
        {
            var window = $"{Window.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture)} min";
            var (value, limit) = Kind == ThresholdKind.LatencyP95
                ? ($"{Format(Value)} ms", $"{Format(Limit)} ms")
                : ($"{Format(Value)}%", $"{Format(Limit)}%");
            var figure = Kind == ThresholdKind.LatencyP95 ? "latency p95" : "failure rate";
            var where = Change == ThresholdChange.Breached ? "above" : "back at or under";
            var what = Kind == ThresholdKind.LatencyP95 ? "successful checks" : "checks";
            return $"{figure} {value} over the last {window} is {where} {limit} ({Samples} {what})";
        }
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
