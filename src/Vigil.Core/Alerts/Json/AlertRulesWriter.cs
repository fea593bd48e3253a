using System.Text.Json;

namespace Vigil.Core.Alerts.Json;

/// <summary>
/// Writes rules with the names <see cref="AlertRulesReader"/> reads, so what the API shows can be sent back and what
/// storage keeps reads back the same. Rules that do not apply to the scope are left out.
/// </summary>
public static class AlertRulesWriter
{
    public static void Write(Utf8JsonWriter w, AlertRules rules, AlertRuleScope scope)
    {
        w.WriteStartObject();
        w.WriteBoolean("on_down", rules.OnDown);
        w.WriteBoolean("on_up", rules.OnUp);
        w.WriteNumber("remind_every_minutes", rules.RemindEvery is { } remind ? (long)remind.TotalMinutes : 0);
        if (rules.Flapping is { } flapping)
        {
            w.WriteStartObject("flapping");
            w.WriteNumber("changes", flapping.Changes);
            w.WriteNumber("window_minutes", (long)flapping.Window.TotalMinutes);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("flapping");
        }
        if (scope != AlertRuleScope.Active)
            WriteRuns(w, rules.Runs);
        if (scope != AlertRuleScope.Heartbeat)
        {
            WriteLatency(w, rules.Latency);
            WriteFailureRate(w, rules.FailureRate);
        }
        w.WriteEndObject();
    }

    public static string ToJson(AlertRules rules, AlertRuleScope scope)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
            Write(w, rules, scope);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteRuns(Utf8JsonWriter w, RunRules? runs)
    {
        if (runs is null)
        {
            w.WriteNull("runs");
            return;
        }
        w.WriteStartObject("runs");
        Seconds(w, "max_run_seconds", runs.MaxRun);
        Seconds(w, "min_run_seconds", runs.MinRun);
        Seconds(w, "early_tolerance_seconds", runs.EarlyTolerance);
        w.WriteEndObject();
    }

    private static void WriteLatency(Utf8JsonWriter w, LatencyRule? latency)
    {
        if (latency is null)
        {
            w.WriteNull("latency_p95");
            return;
        }
        w.WriteStartObject("latency_p95");
        w.WriteNumber("above_ms", (long)latency.Above.TotalMilliseconds);
        w.WriteNumber("window_minutes", (long)latency.Window.TotalMinutes);
        w.WriteNumber("min_samples", latency.MinSamples);
        w.WriteEndObject();
    }

    private static void WriteFailureRate(Utf8JsonWriter w, FailureRateRule? rate)
    {
        if (rate is null)
        {
            w.WriteNull("failure_rate");
            return;
        }
        w.WriteStartObject("failure_rate");
        w.WriteNumber("above_percent", rate.AbovePercent);
        w.WriteNumber("window_minutes", (long)rate.Window.TotalMinutes);
        w.WriteNumber("min_samples", rate.MinSamples);
        w.WriteEndObject();
    }

    private static void Seconds(Utf8JsonWriter w, string name, TimeSpan? value)
    {
        if (value is { } v)
            w.WriteNumber(name, (long)v.TotalSeconds);
        else
            w.WriteNull(name);
    }
}
