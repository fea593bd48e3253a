namespace Vigil.LoadTest.Reporting;

/// <summary>
/// A run against a baseline run: throughput may not fall, and p50/p99/p99.9 and the error rate may not rise, by more
/// than the tolerance. The error rate also gets an absolute allowance of 0.01 percentage points, so a single
/// error after a clean baseline is not a regression but a real rise is.
/// </summary>
public static class BaselineComparison
{
    /// <summary>Exit code when something regressed (0: nothing did; 1–2 are the CLI's own errors).</summary>
    public const int RegressionExitCode = 3;
    private const double ErrorRateAllowance = 0.0001;

    public static Comparison Compare(LoadTestResult current, LoadTestResult baseline, double tolerancePercent)
    {
        var t = tolerancePercent / 100;
        var rows = new List<ComparisonRow>
        {
            HigherIsBetter("throughput (req/s)", baseline.Totals.RequestsPerSecond, current.Totals.RequestsPerSecond, t),
            HigherIsBetter("pings/s", baseline.Totals.PingsPerSecond, current.Totals.PingsPerSecond, t),
            LowerIsBetter("p50 (ms)", baseline.Latency.P50Ms, current.Latency.P50Ms, t),
            LowerIsBetter("p99 (ms)", baseline.Latency.P99Ms, current.Latency.P99Ms, t),
            LowerIsBetter("p99.9 (ms)", baseline.Latency.P999Ms, current.Latency.P999Ms, t),
        };
        var b = baseline.Totals.ErrorRate;
        var c = current.Totals.ErrorRate;
        rows.Add(new ComparisonRow("error rate", b, c, Change(b, c), c > b * (1 + t) + ErrorRateAllowance));
        var notes = new List<string>();
        if (baseline.Scenario != current.Scenario)
            notes.Add($"the baseline ran scenario '{baseline.Scenario}', this run '{current.Scenario}'");
        if (baseline.Config.Rate != current.Config.Rate || baseline.Config.Batch != current.Config.Batch || baseline.Config.Connections != current.Config.Connections)
            notes.Add("the baseline ran with other --rate/--batch/--connections: figures may not be comparable");
        return new Comparison(rows, notes);
    }

    private static ComparisonRow HigherIsBetter(string name, double baseline, double current, double t) =>
        new(name, baseline, current, Change(baseline, current), current < baseline * (1 - t));

    private static ComparisonRow LowerIsBetter(string name, double baseline, double current, double t) =>
        new(name, baseline, current, Change(baseline, current), current > baseline * (1 + t));

    private static double? Change(double baseline, double current) =>
        baseline == 0 ? null : Math.Round((current - baseline) / baseline * 100, 1);
}

public sealed record Comparison(IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<string> Notes)
{
    public bool Regressed => Rows.Any(r => r.Regressed);
    public int ExitCode => Regressed ? BaselineComparison.RegressionExitCode : 0;
}

/// <summary>One figure: baseline, this run, change in % (null when the baseline is 0), and whether it regressed.</summary>
public sealed record ComparisonRow(string Figure, double Baseline, double Current, double? ChangePercent, bool Regressed);
