using Vigil.Core.Alerts;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Rules;

/// <summary>
/// The rules each monitor alerts by: its own, else the defaults of the first of its tags (in the monitor's tag order)
/// that has some, else the global defaults (config <c>alerts.defaults</c> and <c>alerts.tag_defaults</c>). Defaults
/// are kept in a heartbeat and an active variant, without the rules the other kind cannot use, so a lookup allocates nothing.
/// </summary>
public sealed class AlertRuleDefaults
{
    private readonly Variants _defaults;
    private readonly Dictionary<string, Variants> _byTag;

    public AlertRuleDefaults(AlertRules defaults, IReadOnlyDictionary<string, AlertRules> tagDefaults)
    {
        _defaults = new Variants(defaults);
        _byTag = tagDefaults.ToDictionary(p => p.Key, p => new Variants(p.Value), StringComparer.Ordinal);
    }

    /// <summary>Built-in defaults only: alert on down and on up, nothing else.</summary>
    public static AlertRuleDefaults BuiltIn { get; } = new(AlertRules.Default, new Dictionary<string, AlertRules>());

    public AlertRules EffectiveRules(MonitorDefinition monitor)
    {
        if (monitor.Alerts is { } own)
            return own;
        var active = monitor.Check is not null;
        if (_byTag.Count > 0)
        {
            foreach (var tag in monitor.Tags)
                if (_byTag.TryGetValue(tag, out var forTag))
                    return forTag.For(active);
        }
        return _defaults.For(active);
    }

    /// <summary>The run-quality rules of a heartbeat monitor, for the engine's ping path (a delegate made once).</summary>
    public Func<MonitorDefinition, RunRules?> RunRulesOf => _runRulesOf ??= monitor => EffectiveRules(monitor).Runs;

    private Func<MonitorDefinition, RunRules?>? _runRulesOf;

    private sealed class Variants(AlertRules rules)
    {
        private readonly AlertRules _heartbeat = rules.Latency is null && rules.FailureRate is null ? rules : rules with { Latency = null, FailureRate = null };
        private readonly AlertRules _active = rules.Runs is null ? rules : rules with { Runs = null };

        public AlertRules For(bool active) => active ? _active : _heartbeat;
    }
}
