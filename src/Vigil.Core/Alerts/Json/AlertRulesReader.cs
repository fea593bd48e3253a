using System.Text.Json;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Core.Alerts.Json;

/// <summary>
/// Reads an <c>"alerts"</c> object (API body, YAML turned into JSON, config defaults, storage) over the current rules:
/// a field not named keeps its current value, a rule set to null is removed. Every bad field is named with the path,
/// e.g. <c>alerts.flapping.window_minutes</c>.
/// </summary>
public static class AlertRulesReader
{
    public const int MaxRemindMinutes = 43_200; // 30 days
    public const int MaxWindowMinutes = 1_440;
    public const int MaxRunSeconds = 31_622_400; // 366 days, the longest monitor period
    public const int MaxLatencyMs = 600_000;

    /// <summary>The most results a threshold window holds per monitor (see CheckThresholds), so also the most samples a rule may ask for.</summary>
    public const int MaxSamples = 1_000;

    public const string Known = "on_down, on_up, remind_every_minutes, flapping, runs, latency_p95, failure_rate";

    /// <summary>Every leaf field, as <c>rule.field</c> paths (documentation and config schema).</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "on_down", "on_up", "remind_every_minutes", "flapping.changes", "flapping.window_minutes",
        "runs.max_run_seconds", "runs.min_run_seconds", "runs.early_tolerance_seconds",
        "latency_p95.above_ms", "latency_p95.window_minutes", "latency_p95.min_samples",
        "failure_rate.above_percent", "failure_rate.window_minutes", "failure_rate.min_samples",
    ];

    private static readonly HashSet<string> NoIgnoredFields = [];

    /// <param name="path">Where the object is, without a trailing dot: <c>alerts</c>, <c>monitors[2].alerts</c>, <c>alerts.defaults</c>.</param>
    /// <returns>The rules, or null after adding at least one error.</returns>
    public static AlertRules? Read(JsonElement json, AlertRules? current, AlertRuleScope scope, List<FieldError> errors, string path)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, "must be an object of alert rules (or null for the defaults)"));
            return null;
        }
        var before = errors.Count;
        var c = current ?? AlertRules.Default;
        var f = new CheckFields(json, errors, path + ".", NoIgnoredFields);
        var remind = f.OptionalInt("remind_every_minutes", c.RemindEvery is { } r ? (int)r.TotalMinutes : null, 0, MaxRemindMinutes);
        var rules = new AlertRules
        {
            OnDown = f.Bool("on_down", c.OnDown),
            OnUp = f.Bool("on_up", c.OnUp),
            RemindEvery = remind is > 0 ? TimeSpan.FromMinutes(remind.Value) : null,
            Flapping = Rule(f, "flapping", c.Flapping, errors, path, ReadFlapping),
            Runs = Rule(f, "runs", c.Runs, errors, path, ReadRuns),
            Latency = Rule(f, "latency_p95", c.Latency, errors, path, ReadLatency),
            FailureRate = Rule(f, "failure_rate", c.FailureRate, errors, path, ReadFailureRate),
        };
        Unknown(f, errors, path, Known);
        if (scope == AlertRuleScope.Active && rules.Runs is not null && f.Has("runs"))
            errors.Add(new(path + ".runs", "applies to heartbeat monitors only (active monitors have latency_p95 and failure_rate)"));
        if (scope == AlertRuleScope.Heartbeat)
        {
            foreach (var (name, given) in new[] { ("latency_p95", rules.Latency is not null), ("failure_rate", rules.FailureRate is not null) })
                if (given && f.Has(name))
                    errors.Add(new($"{path}.{name}", "applies to active monitors only (heartbeat monitors have runs)"));
        }
        return errors.Count > before ? null : rules;
    }

    /// <summary>Reads one nested rule object: absent keeps <paramref name="current"/>, null removes it.</summary>
    private static T? Rule<T>(CheckFields f, string name, T? current, List<FieldError> errors, string path, Func<CheckFields, T?, T?> read) where T : class
    {
        var element = f.Custom<JsonElement?>(name, null, v => (v, null)); // marks the field as read
        if (element is not { } value)
            return current;
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new($"{path}.{name}", "must be an object or null"));
            return current;
        }
        var nested = new CheckFields(value, errors, $"{path}.{name}.", NoIgnoredFields);
        var rule = read(nested, current);
        Unknown(nested, errors, $"{path}.{name}", KnownOf(name));
        return rule;
    }

    private static FlappingRule ReadFlapping(CheckFields f, FlappingRule? current)
    {
        var c = current ?? FlappingRule.Default;
        return new FlappingRule(
            f.Int("changes", c.Changes, 2, 1000),
            Minutes(f, "window_minutes", c.Window));
    }

    private static RunRules? ReadRuns(CheckFields f, RunRules? current)
    {
        var max = f.OptionalInt("max_run_seconds", SecondsOf(current?.MaxRun), 1, MaxRunSeconds);
        var min = f.OptionalInt("min_run_seconds", SecondsOf(current?.MinRun), 1, MaxRunSeconds);
        var early = f.OptionalInt("early_tolerance_seconds", SecondsOf(current?.EarlyTolerance), 0, MaxRunSeconds);
        if (min is { } lo && max is { } hi && lo >= hi)
            f.Error("min_run_seconds", $"must be less than max_run_seconds ({hi})");
        if (max is null && min is null && early is null)
            return null; // every limit switched off: no run rules at all
        return new RunRules(FromSeconds(max), FromSeconds(min), FromSeconds(early));
    }

    private static LatencyRule? ReadLatency(CheckFields f, LatencyRule? current)
    {
        var above = f.Custom<int?>("above_ms", current is null ? null : (int)current.Above.TotalMilliseconds, v =>
            v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var ms) && ms is >= 1 and <= MaxLatencyMs
                ? (ms, null)
                : (null, $"must be a whole number from 1 to {MaxLatencyMs}"));
        var window = Minutes(f, "window_minutes", current?.Window ?? LatencyRule.DefaultWindow);
        var samples = f.Int("min_samples", current?.MinSamples ?? LatencyRule.DefaultMinSamples, 1, MaxSamples);
        if (above is null && !f.Has("above_ms"))
            f.Error("above_ms", "is required");
        return above is { } ms ? new LatencyRule(TimeSpan.FromMilliseconds(ms), window, samples) : null;
    }

    private static FailureRateRule? ReadFailureRate(CheckFields f, FailureRateRule? current)
    {
        var above = f.Custom<double?>("above_percent", current?.AbovePercent, v =>
            v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var p) && p is >= 0 and < 100
                ? (p, null)
                : (null, "must be a number from 0 up to (not including) 100"));
        var window = Minutes(f, "window_minutes", current?.Window ?? FailureRateRule.DefaultWindow);
        var samples = f.Int("min_samples", current?.MinSamples ?? FailureRateRule.DefaultMinSamples, 1, MaxSamples);
        if (above is null && !f.Has("above_percent"))
            f.Error("above_percent", "is required");
        return above is { } percent ? new FailureRateRule(percent, window, samples) : null;
    }

    private static TimeSpan Minutes(CheckFields f, string name, TimeSpan fallback) =>
        TimeSpan.FromMinutes(f.Int(name, (int)fallback.TotalMinutes, 1, MaxWindowMinutes));

    private static int? SecondsOf(TimeSpan? span) => span is { } s ? (int)s.TotalSeconds : null;

    private static TimeSpan? FromSeconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static string KnownOf(string rule) => string.Join(", ", Fields
        .Where(field => field.StartsWith(rule + ".", StringComparison.Ordinal))
        .Select(field => field[(rule.Length + 1)..]));

    private static void Unknown(CheckFields f, List<FieldError> errors, string path, string known)
    {
        foreach (var name in f.UnknownFields().ToList())
            errors.Add(new($"{path}.{name}", $"is not an alert rule field here (known: {known})"));
    }
}
