using Vigil.Alerting.Rules;
using Vigil.Core.Alerts;
using Vigil.Core.Checks.Specs;
using Vigil.Core.Monitors;
using Vigil.Core.Schedules;

namespace Vigil.Alerting.Tests.Rules;

public sealed class AlertRuleDefaultsTests
{
    private static readonly AlertRules Global = AlertRules.Default with
    {
        RemindEvery = TimeSpan.FromHours(4),
        Runs = new RunRules(TimeSpan.FromHours(1), null, null),
        Latency = new LatencyRule(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), 5),
    };
    private static readonly AlertRules Db = AlertRules.Default with { RemindEvery = TimeSpan.FromMinutes(30) };
    private static readonly AlertRules Batch = AlertRules.Default with { OnUp = false };

    private static readonly AlertRuleDefaults Defaults = new(Global, new Dictionary<string, AlertRules> { ["db"] = Db, ["batch"] = Batch });

    private static MonitorDefinition Monitor(string[] tags, bool active = false) =>
        new(Guid.NewGuid(), "m", "m", tags, "", new SimpleSchedule(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)), false, DateTimeOffset.UnixEpoch)
        {
            Check = active ? new HttpCheckSpec { Url = new Uri("http://127.0.0.1/") } : null,
        };

    [Fact]
    public void EffectiveRules_OwnRules_Win()
    {
        var own = AlertRules.Default with { OnDown = false };

        Assert.Same(own, Defaults.EffectiveRules(Monitor(["db"]) with { Alerts = own }));
    }

    [Fact]
    public void EffectiveRules_FirstOfTheMonitorsTagsWithDefaults_Wins()
    {
        Assert.Same(Batch, Defaults.EffectiveRules(Monitor(["web", "batch", "db"])));
        Assert.Same(Db, Defaults.EffectiveRules(Monitor(["db", "batch"])));
    }

    [Fact]
    public void EffectiveRules_NoTagWithDefaults_TakesTheGlobalOnes_WithoutRulesOfTheOtherKind()
    {
        var heartbeat = Defaults.EffectiveRules(Monitor(["web"]));
        var active = Defaults.EffectiveRules(Monitor([], active: true));

        Assert.Equal(Global with { Latency = null }, heartbeat);
        Assert.Equal(Global with { Runs = null }, active);
        Assert.Same(heartbeat, Defaults.EffectiveRules(Monitor([]))); // built once, not per call
    }

    [Fact]
    public void BuiltIn_AlertsOnDownAndUpOnly()
    {
        Assert.Equal(AlertRules.Default, AlertRuleDefaults.BuiltIn.EffectiveRules(Monitor(["any"])));
    }
}
