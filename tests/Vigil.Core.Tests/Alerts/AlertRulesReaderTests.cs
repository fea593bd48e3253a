using System.Text.Json;
using Vigil.Core.Alerts;
using Vigil.Core.Alerts.Json;
using Vigil.Core.Monitors;

namespace Vigil.Core.Tests.Alerts;

public sealed class AlertRulesReaderTests
{
    private static (AlertRules? Rules, List<FieldError> Errors) Read(string json, AlertRuleScope scope = AlertRuleScope.Any, AlertRules? current = null)
    {
        var errors = new List<FieldError>();
        using var document = JsonDocument.Parse(json);
        return (AlertRulesReader.Read(document.RootElement, current, scope, errors, "alerts"), errors);
    }

    private static AlertRules Valid(string json, AlertRuleScope scope = AlertRuleScope.Any, AlertRules? current = null)
    {
        var (rules, errors) = Read(json, scope, current);
        Assert.Empty(errors);
        return Assert.IsType<AlertRules>(rules);
    }

    private static string[] Errors(string json, AlertRuleScope scope = AlertRuleScope.Any)
    {
        var (rules, errors) = Read(json, scope);
        Assert.Null(rules);
        return [.. errors.Select(e => $"{e.Field}: {e.Message}")];
    }

    [Fact]
    public void Read_EmptyObject_IsTheDefaults()
    {
        Assert.Equal(AlertRules.Default, Valid("{}"));
        Assert.Equal((true, true, null), (AlertRules.Default.OnDown, AlertRules.Default.OnUp, AlertRules.Default.RemindEvery));
    }

    [Fact]
    public void Read_EveryRule_BuildsTheRecords()
    {
        var rules = Valid("""
            {"on_down": true, "on_up": false, "remind_every_minutes": 60,
             "flapping": {"changes": 4, "window_minutes": 15},
             "runs": {"max_run_seconds": 3600, "min_run_seconds": 10, "early_tolerance_seconds": 0},
             "latency_p95": {"above_ms": 500, "window_minutes": 5, "min_samples": 10},
             "failure_rate": {"above_percent": 12.5, "window_minutes": 30, "min_samples": 20}}
            """);

        Assert.False(rules.OnUp);
        Assert.Equal(TimeSpan.FromHours(1), rules.RemindEvery);
        Assert.Equal(new FlappingRule(4, TimeSpan.FromMinutes(15)), rules.Flapping);
        Assert.Equal(new RunRules(TimeSpan.FromHours(1), TimeSpan.FromSeconds(10), TimeSpan.Zero), rules.Runs);
        Assert.Equal(new LatencyRule(TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5), 10), rules.Latency);
        Assert.Equal(new FailureRateRule(12.5, TimeSpan.FromMinutes(30), 20), rules.FailureRate);
    }

    [Fact]
    public void Read_RuleObjectsWithOnlyTheRequiredFields_TakeTheDocumentedDefaults()
    {
        var rules = Valid("""{"flapping": {}, "latency_p95": {"above_ms": 800}, "failure_rate": {"above_percent": 5}}""");

        Assert.Equal(new FlappingRule(5, TimeSpan.FromMinutes(10)), rules.Flapping);
        Assert.Equal(new LatencyRule(TimeSpan.FromMilliseconds(800), TimeSpan.FromMinutes(5), 5), rules.Latency);
        Assert.Equal(new FailureRateRule(5, TimeSpan.FromMinutes(15), 5), rules.FailureRate);
    }

    [Theory]
    [InlineData("""{"remind_every_minutes": 0}""")]
    [InlineData("""{"remind_every_minutes": null}""")]
    public void Read_RemindZeroOrNull_MeansNever(string json)
    {
        Assert.Null(Valid(json, current: AlertRules.Default with { RemindEvery = TimeSpan.FromMinutes(5) }).RemindEvery);
    }

    [Theory]
    [InlineData("""{"flapping": {"window_minutes": 0}}""", "alerts.flapping.window_minutes: must be a whole number from 1 to 1440")]
    [InlineData("""{"flapping": {"changes": 1}}""", "alerts.flapping.changes: must be a whole number from 2 to 1000")]
    [InlineData("""{"flapping": 5}""", "alerts.flapping: must be an object or null")]
    [InlineData("""{"flaping": {}}""", "alerts.flaping: is not an alert rule field here (known: on_down, on_up, remind_every_minutes, flapping, runs, latency_p95, failure_rate)")]
    [InlineData("""{"flapping": {"change": 3}}""", "alerts.flapping.change: is not an alert rule field here (known: changes, window_minutes)")]
    [InlineData("""{"on_down": "yes"}""", "alerts.on_down: must be true or false")]
    [InlineData("""{"remind_every_minutes": -1}""", "alerts.remind_every_minutes: must be a whole number from 0 to 43200, or null")]
    [InlineData("""{"runs": {"max_run_seconds": 60, "min_run_seconds": 60}}""", "alerts.runs.min_run_seconds: must be less than max_run_seconds (60)")]
    [InlineData("""{"latency_p95": {"window_minutes": 5}}""", "alerts.latency_p95.above_ms: is required")]
    [InlineData("""{"latency_p95": {"above_ms": null}}""", "alerts.latency_p95.above_ms: must be a whole number from 1 to 600000")]
    [InlineData("""{"latency_p95": {"above_ms": 100, "min_samples": 1001}}""", "alerts.latency_p95.min_samples: must be a whole number from 1 to 1000")]
    [InlineData("""{"failure_rate": {"above_percent": 100}}""", "alerts.failure_rate.above_percent: must be a number from 0 up to (not including) 100")]
    [InlineData("""{"failure_rate": {}}""", "alerts.failure_rate.above_percent: is required")]
    [InlineData("""[]""", "alerts: must be an object of alert rules (or null for the defaults)")]
    public void Read_BadField_IsNamedWithItsPath(string json, string expected)
    {
        Assert.Equal([expected], Errors(json));
    }

    [Fact]
    public void Read_SeveralBadFields_ReportsEachOnce()
    {
        Assert.Equal(
            ["alerts.on_up: must be true or false", "alerts.flapping.window_minutes: must be a whole number from 1 to 1440", "alerts.latency_p95.above_ms: is required"],
            Errors("""{"on_up": 1, "flapping": {"window_minutes": 99999}, "latency_p95": {}}"""));
    }

    [Fact]
    public void Read_RunRulesForAnActiveMonitor_AreRefused()
    {
        Assert.Equal(["alerts.runs: applies to heartbeat monitors only (active monitors have latency_p95 and failure_rate)"],
            Errors("""{"runs": {"max_run_seconds": 60}}""", AlertRuleScope.Active));
    }

    [Fact]
    public void Read_ThresholdRulesForAHeartbeatMonitor_AreRefused()
    {
        Assert.Equal(
            ["alerts.latency_p95: applies to active monitors only (heartbeat monitors have runs)", "alerts.failure_rate: applies to active monitors only (heartbeat monitors have runs)"],
            Errors("""{"latency_p95": {"above_ms": 5}, "failure_rate": {"above_percent": 5}}""", AlertRuleScope.Heartbeat));
    }

    [Fact]
    public void Read_NullForARuleTheScopeLacks_IsAccepted()
    {
        // What the API writes for a heartbeat monitor can be sent back as it is.
        Assert.Null(Valid("""{"runs": null, "latency_p95": null, "failure_rate": null}""", AlertRuleScope.Heartbeat).Latency);
    }

    [Fact]
    public void Read_OverCurrent_KeepsWhatItDoesNotNameAndMergesNestedRules()
    {
        var current = Valid("""{"remind_every_minutes": 30, "flapping": {"changes": 6, "window_minutes": 20}, "runs": {"max_run_seconds": 600}}""");

        var patched = Valid("""{"on_up": false, "flapping": {"changes": 3}}""", current: current);

        Assert.Equal(current with { OnUp = false, Flapping = new FlappingRule(3, TimeSpan.FromMinutes(20)) }, patched);
    }

    [Fact]
    public void Read_NullRule_RemovesIt()
    {
        var current = Valid("""{"flapping": {}, "runs": {"max_run_seconds": 600}}""");

        var patched = Valid("""{"flapping": null}""", current: current);

        Assert.Null(patched.Flapping);
        Assert.Equal(current.Runs, patched.Runs);
    }

    [Fact]
    public void Read_RunRulesWithEveryLimitOff_AreNoRunRules()
    {
        var current = Valid("""{"runs": {"max_run_seconds": 600}}""");

        Assert.Null(Valid("""{"runs": {"max_run_seconds": null}}""", current: current).Runs);
    }

    [Theory]
    [InlineData(AlertRuleScope.Heartbeat, """{"on_down":true,"on_up":false,"remind_every_minutes":15,"flapping":{"changes":4,"window_minutes":15},"runs":{"max_run_seconds":3600,"min_run_seconds":null,"early_tolerance_seconds":30}}""")]
    [InlineData(AlertRuleScope.Active, """{"on_down":false,"on_up":true,"remind_every_minutes":0,"flapping":null,"latency_p95":{"above_ms":250,"window_minutes":10,"min_samples":3},"failure_rate":{"above_percent":2.5,"window_minutes":15,"min_samples":5}}""")]
    public void Writer_WritesWhatTheReaderReads(AlertRuleScope scope, string json)
    {
        var rules = Valid(json, scope);

        var written = AlertRulesWriter.ToJson(rules, scope);

        Assert.Equal(json, written);
        Assert.Equal(rules, Valid(written, scope));
    }

    [Fact]
    public void Fields_ListsEveryLeafTheReaderKnows()
    {
        var json = "{" + string.Join(",", AlertRulesReader.Fields.GroupBy(f => f.Split('.')[0]).Select(g => g.Count() == 1 && !g.Single().Contains('.')
            ? $"\"{g.Key}\": {(g.Key.StartsWith("on_", StringComparison.Ordinal) ? "true" : "1")}"
            : $"\"{g.Key}\": {{{string.Join(",", g.Select(f => $"\"{f.Split('.')[1]}\": 1"))}}}")) + "}";

        var (_, errors) = Read(json);

        Assert.DoesNotContain(errors, e => e.Message.StartsWith("is not an alert rule field", StringComparison.Ordinal));
    }
}
