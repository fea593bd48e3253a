using Vigil.Alerting.Rules;
using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Runtime;

namespace Vigil.Server.Alerting;

/// <summary>Judges each check run against the monitor's latency and failure-rate rules; a crossing becomes a notice.</summary>
public sealed class CheckThresholdWatch(AlertRuleDefaults rules) : ICheckResultWatch
{
    private readonly CheckThresholds _thresholds = new();

    public AlertNotice? Observe(MonitorRuntime monitor, CheckResult result)
    {
        if (result.Error == CheckError.PoolExhausted)
            return null; // Vigil's own shortage says nothing about the target
        var change = _thresholds.Observe(monitor.Id, result.At, result.Latency, result.Status == CheckStatus.Down, rules.EffectiveRules(monitor.Definition));
        return change is null ? null
            : new AlertNotice(monitor.Id, monitor.Seq, result.At, change.RuleName, change.Reason, Resolves: change.Change == ThresholdChange.Cleared);
    }
}
