using System.Text.Json;
using Vigil.Core.Alerts;
using Vigil.Core.Checks.Specs;
using Vigil.Core.Monitors;

namespace Vigil.Core.Tests.Monitors;

public sealed class MonitorDraftAlertingTests
{
    private static readonly Guid Id = Guid.Parse("5f0f8a52-3f0e-4b57-9b9e-2b8f3d1c7a10");

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static (MonitorDefinition? Definition, List<FieldError> Errors) Create(MonitorDraft draft, string prefix = "")
    {
        var errors = new List<FieldError>();
        return (draft.ToNewDefinition(Id, TestData.Origin, errors, prefix), errors);
    }

    private static MonitorDraft Heartbeat() => new() { Name = "backup", PeriodSeconds = 3600 };

    private static MonitorDraft Http() => new() { Name = "shop", Type = "http", CheckFields = Json("""{"url": "http://127.0.0.1/health"}""") };

    [Fact]
    public void New_WithoutAlertingFields_HasNoneAndSharesOneEmptyChannelList()
    {
        var (a, _) = Create(Heartbeat());
        var (b, _) = Create(new MonitorDraft { Name = "other", PeriodSeconds = 60 });

        Assert.Null(a!.Alerts);
        Assert.Null(a.Parent);
        Assert.Empty(a.Channels);
        Assert.Same(a.Channels, b!.Channels); // a million monitors without channels share one array
    }

    [Fact]
    public void New_WithRulesAndChannels_KeepsThem()
    {
        var draft = Heartbeat();
        draft.Alerts = Json("""{"remind_every_minutes": 60, "runs": {"max_run_seconds": 600}}""");
        draft.Channels = [" ops ", "8d0c2bb6-51a6-4fb8-9c38-0f1f7f0a2b11", "ops"];

        var (definition, errors) = Create(draft);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromHours(1), definition!.Alerts!.RemindEvery);
        Assert.Equal(TimeSpan.FromMinutes(10), definition.Alerts.Runs!.MaxRun);
        Assert.Equal(["ops", "8d0c2bb6-51a6-4fb8-9c38-0f1f7f0a2b11"], definition.Channels); // trimmed, repeats dropped
    }

    [Fact]
    public void New_ActiveMonitorWithThresholds_KeepsThem()
    {
        var draft = Http();
        draft.Alerts = Json("""{"latency_p95": {"above_ms": 300}}""");

        var (definition, errors) = Create(draft);

        Assert.Empty(errors);
        Assert.IsType<HttpCheckSpec>(definition!.Check);
        Assert.Equal(TimeSpan.FromMilliseconds(300), definition.Alerts!.Latency!.Above);
        Assert.Equal(AlertRuleScope.Active, definition.AlertScope);
    }

    [Theory]
    [InlineData(false, """{"latency_p95": {"above_ms": 300}}""", "monitors[3].alerts.latency_p95")]
    [InlineData(true, """{"runs": {"min_run_seconds": 3}}""", "monitors[3].alerts.runs")]
    [InlineData(false, """{"flapping": {"window_minutes": 0}}""", "monitors[3].alerts.flapping.window_minutes")]
    [InlineData(true, "7", "monitors[3].alerts")]
    public void New_RulesThatDoNotFitTheType_AreNamedWithThePrefix(bool active, string alerts, string field)
    {
        var draft = active ? Http() : Heartbeat();
        draft.Alerts = Json(alerts);

        var (definition, errors) = Create(draft, "monitors[3].");

        Assert.Null(definition);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void New_BadChannels_AreNamed()
    {
        var tooMany = Heartbeat();
        tooMany.Channels = [.. Enumerable.Range(0, 21).Select(i => $"c{i}")];
        var blank = Heartbeat();
        blank.Channels = ["ops", "  ", new string('x', 201)];

        Assert.Equal("channels", Assert.Single(Create(tooMany).Errors).Field);
        Assert.Equal(["channels[1]", "channels[2]"], Create(blank).Errors.Select(e => e.Field));
    }

    [Fact]
    public void New_BlankParent_IsAnError()
    {
        var draft = Heartbeat();
        draft.Parent = " ";

        Assert.Equal("parent", Assert.Single(Create(draft).Errors).Field);
    }

    [Fact]
    public void Apply_WithoutAlertingFields_KeepsThem_AndNullAlertsRemovesTheRules()
    {
        var draft = Heartbeat();
        draft.Alerts = Json("""{"on_up": false}""");
        draft.Channels = ["ops"];
        var current = Create(draft).Definition! with { Parent = Guid.NewGuid() };

        var renamed = new MonitorDraft { Name = "renamed" }.Apply(current, [])!;
        var cleared = new MonitorDraft { Alerts = Json("null"), Channels = [] }.Apply(current, [])!;

        Assert.Equal((current.Alerts, current.Parent), (renamed.Alerts, renamed.Parent));
        Assert.Equal(["ops"], renamed.Channels);
        Assert.Null(cleared.Alerts);
        Assert.Empty(cleared.Channels);
        Assert.Equal(current.Parent, cleared.Parent); // the service, not the draft, resolves and changes the parent
    }

    [Fact]
    public void Apply_PartialRules_MergeOverTheCurrentOnes()
    {
        var draft = Heartbeat();
        draft.Alerts = Json("""{"remind_every_minutes": 30, "flapping": {"changes": 6}}""");
        var current = Create(draft).Definition!;

        var patched = new MonitorDraft { Alerts = Json("""{"on_down": false}""") }.Apply(current, [])!;

        Assert.Equal(current.Alerts! with { OnDown = false }, patched.Alerts);
    }

    [Fact]
    public void Definitions_WithTheSameChannels_AreEqual()
    {
        var a = Create(Heartbeat()).Definition!;

        Assert.Equal(a with { Channels = ["ops", "db"] }, a with { Channels = new List<string> { "ops", "db" } });
        Assert.NotEqual(a with { Channels = ["ops", "db"] }, a with { Channels = ["db", "ops"] });
        Assert.Equal(a, a with { Channels = [], Alerts = null, Parent = null });
    }
}
