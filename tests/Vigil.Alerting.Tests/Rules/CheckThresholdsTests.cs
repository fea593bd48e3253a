using Vigil.Alerting.Rules;
using Vigil.Core.Alerts;

namespace Vigil.Alerting.Tests.Rules;

public sealed class CheckThresholdsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly AlertRules Latency = AlertRules.Default with { Latency = new LatencyRule(TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5), 5) };
    private static readonly AlertRules FailureRate = AlertRules.Default with { FailureRate = new FailureRateRule(20, TimeSpan.FromMinutes(10), 5) };
    private readonly CheckThresholds _thresholds = new();
    private readonly Guid _monitor = Guid.NewGuid();
    private DateTimeOffset _now = T0;

    /// <summary>One result every 30 s.</summary>
    private ThresholdEvent? Result(int latencyMs, bool failed, AlertRules rules)
    {
        _now = _now.AddSeconds(30);
        return _thresholds.Observe(_monitor, _now, TimeSpan.FromMilliseconds(latencyMs), failed, rules);
    }

    private List<ThresholdEvent> Results(IEnumerable<int> latencies, AlertRules rules, bool failed = false) =>
        [.. latencies.Select(ms => Result(ms, failed, rules)).OfType<ThresholdEvent>()];

    [Fact]
    public void Latency_FewerThanMinSamples_IsNotJudged()
    {
        Assert.Empty(Results([900, 900, 900, 900], Latency));
        var breach = Assert.Single(Results([900], Latency));
        Assert.Equal(5, breach.Samples);
    }

    [Fact]
    public void Latency_P95AboveTheLimit_BreachesOnce_ThenClearsOnce()
    {
        var fast = Results(Enumerable.Repeat(100, 10), Latency); // a 5 min window holds 10 results at 30 s
        var slow = Results(Enumerable.Repeat(800, 12), Latency);
        var fastAgain = Results(Enumerable.Repeat(100, 12), Latency);

        Assert.Empty(fast);
        var breach = Assert.Single(slow);
        Assert.Equal((ThresholdKind.LatencyP95, ThresholdChange.Breached, 800.0, 500.0), (breach.Kind, breach.Change, breach.Value, breach.Limit));
        Assert.Equal("latency_p95", breach.RuleName);
        Assert.Equal("latency p95 800 ms over the last 5 min is above 500 ms (10 successful checks)", breach.Reason);
        var clear = Assert.Single(fastAgain);
        Assert.Equal(ThresholdChange.Cleared, clear.Change);
        Assert.True(clear.Value <= 500);
    }

    [Fact]
    public void Latency_P95IsTheNearestRank()
    {
        // 20 samples in the window (window 10 min at 30 s): the 19th smallest is the p95.
        var rules = AlertRules.Default with { Latency = new LatencyRule(TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(10), 20) };
        Assert.Empty(Results([.. Enumerable.Repeat(100, 18), 600], rules)); // 19 samples: not judged yet
        var breach = Assert.Single(Results([700], rules));
        Assert.Equal(600, breach.Value); // ranks 19 and 20 are 600 and 700
    }

    [Fact]
    public void Latency_FailedResults_DoNotCount()
    {
        Assert.Empty(Results(Enumerable.Repeat(30_000, 20), Latency, failed: true)); // timeouts are the failure rule's business
    }

    [Fact]
    public void FailureRate_AboveThePercentage_BreachesOnce_ThenClearsOnce()
    {
        var events = new List<ThresholdEvent>();
        for (var i = 0; i < 20; i++)
            events.AddRange(new[] { Result(50, false, FailureRate) }.OfType<ThresholdEvent>()); // 20 good
        Assert.Empty(events);
        for (var i = 0; i < 6; i++)
            events.AddRange(new[] { Result(50, true, FailureRate) }.OfType<ThresholdEvent>()); // window of 20: 6 failed = 30%
        var breach = Assert.Single(events);
        Assert.Equal((ThresholdKind.FailureRate, ThresholdChange.Breached), (breach.Kind, breach.Change));
        Assert.Equal(25, breach.Value); // crossed on the 5th failure: 5 of 20
        Assert.Equal("failure rate 25% over the last 10 min is above 20% (20 checks)", breach.Reason);

        events.Clear();
        for (var i = 0; i < 20; i++)
            events.AddRange(new[] { Result(50, false, FailureRate) }.OfType<ThresholdEvent>());
        var clear = Assert.Single(events);
        Assert.Equal(ThresholdChange.Cleared, clear.Change);
        Assert.Equal(20, clear.Value); // 4 of 20: back at the limit
    }

    [Fact]
    public void BothRules_ChangingOnOneResult_ReportTheSecondWithTheNext()
    {
        var both = AlertRules.Default with
        {
            Latency = new LatencyRule(TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5), 4),
            FailureRate = new FailureRateRule(10, TimeSpan.FromMinutes(5), 5),
        };
        Assert.Null(Result(900, true, both));
        for (var i = 0; i < 3; i++)
            Assert.Null(Result(900, false, both)); // 3 successes (latency needs 4), 4 results (the rate needs 5)

        var first = Result(900, false, both); // both are judged now, and both are above
        var second = Result(900, false, both);

        Assert.Equal(ThresholdKind.LatencyP95, first?.Kind);
        Assert.Equal(ThresholdKind.FailureRate, second?.Kind);
        Assert.Null(Result(900, false, both));
    }

    [Fact]
    public void NoThresholdRules_TrackNothing()
    {
        Assert.Null(Result(10_000, true, AlertRules.Default));
        Assert.Equal(0, _thresholds.Count);

        Results([900, 900], Latency);
        Assert.Equal(1, _thresholds.Count);
        Result(900, false, AlertRules.Default); // the rule was removed
        Assert.Equal(0, _thresholds.Count);
    }

    [Fact]
    public void Window_IsCappedAtMaxSamples()
    {
        var rules = AlertRules.Default with { FailureRate = new FailureRateRule(50, TimeSpan.FromMinutes(1440), 1000) };
        var events = new List<ThresholdEvent>();
        for (var i = 0; i < 1500; i++)
        {
            _now = _now.AddSeconds(1);
            if (_thresholds.Observe(_monitor, _now, TimeSpan.FromMilliseconds(5), failed: i < 500, rules) is { } e)
                events.Add(e);
        }

        // Judged once the window held 1000: 500 failed of 1000 is not above 50%; the oldest then drop out, so never breached.
        Assert.Empty(events);
        _now = _now.AddSeconds(1);
        Assert.Null(_thresholds.Observe(_monitor, _now, TimeSpan.FromMilliseconds(5), failed: true, rules)); // 1 failed of the last 1000
    }
}
