using System.Runtime.CompilerServices;
using System.Text.Json;
using Vigil.Core.Alerts;
using Vigil.Core.Alerts.Json;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;
using Vigil.Server.Http;
using Vigil.Storage;

namespace Vigil.Server.Monitors;

/// <summary>Turns live monitors and stored rows into what the API shows.</summary>
public static class MonitorViews
{
    public static MonitorView View(MonitorRuntime monitor, string baseUrl)
    {
        var definition = monitor.Definition;
        if (definition.Check is { } check)
            return ActiveView(monitor, definition, check);
        var status = monitor.Status;
        var lastSuccess = monitor.LastSuccessAt;
        DateTimeOffset? next = status is MonitorStatus.Up or MonitorStatus.Late && lastSuccess is { } last
            ? definition.Schedule.NextExpected(last)
            : null;
        var (period, cron, zone) = definition.Schedule switch
        {
            SimpleSchedule s => ((long?)s.Period.TotalSeconds, (string?)null, (string?)null),
            CronSchedule c => (null, c.Expression.Text, c.Zone.Id),
            _ => (null, null, null),
        };
        return WithAlerting(new MonitorView(
            definition.Id, definition.Name, definition.Slug, definition.Type, definition.Tags, definition.Description,
            period, (long)definition.Schedule.Grace.TotalSeconds, cron, zone, definition.Paused,
            status.ToName(), monitor.StatusChangedAt, monitor.LastPingAt, lastSuccess, next == DateTimeOffset.MaxValue ? null : next,
            monitor.OpenStartAt, monitor.PingCount, definition.CreatedAt, $"{baseUrl}/ping/{definition.Id}"), definition);
    }

    private static MonitorView WithAlerting(MonitorView view, MonitorDefinition definition) =>
        definition.Alerts is null && definition.Channels.Count == 0 && definition.Parent is null
            ? view
            : view with
            {
                Alerts = definition.Alerts is { } rules ? AlertsOf(rules, definition.AlertScope) : null,
                Channels = definition.Channels,
                Parent = definition.Parent,
            };

    // Rules are immutable and belong to one monitor (so to one scope): written once, not on every GET or list page.
    private static readonly ConditionalWeakTable<AlertRules, StrongBox<JsonElement>> AlertFields = new();

    private static JsonElement AlertsOf(AlertRules rules, AlertRuleScope scope)
    {
        if (AlertFields.TryGetValue(rules, out var cached))
            return cached.Value;
        using var json = JsonDocument.Parse(AlertRulesWriter.ToJson(rules, scope));
        var written = json.RootElement.Clone();
        AlertFields.AddOrUpdate(rules, new StrongBox<JsonElement>(written));
        return written;
    }

    // A spec is immutable, so its public fields are written once, not on every GET or list page.
    private static readonly ConditionalWeakTable<CheckSpec, Dictionary<string, JsonElement>> PublicFields = new();

    private static Dictionary<string, JsonElement> FieldsOf(CheckSpec check) => PublicFields.GetValue(check, static spec =>
    {
        using var fields = JsonDocument.Parse(CheckSpecWriter.ToJson(spec, withSecrets: false));
        return fields.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    });

    private static MonitorView ActiveView(MonitorRuntime monitor, MonitorDefinition definition, CheckSpec check) =>
        WithAlerting(new(definition.Id, definition.Name, definition.Slug, definition.Type, definition.Tags, definition.Description,
            null, null, null, null, definition.Paused, monitor.Status.ToName(), monitor.StatusChangedAt,
            null, null, null, null, null, definition.CreatedAt, null)
        {
            CheckFields = FieldsOf(check), // shared and never changed: the serializer only reads it
            LastResult = monitor.LastCheckResult is { } last ? View(last, id: null) : null,
        }, definition);

    public static CheckResultView View(CheckResult result, long? id) =>
        new(id, result.At, result.Status.ToName(), Ms(result.Latency), result.Error.ToName(), result.Message, View(result.Phases));

    private static PhaseView? View(PhaseTimings? p) =>
        p is null ? null : new PhaseView(Ms(p.Dns), Ms(p.Connect), Ms(p.Tls), Ms(p.FirstByte), Ms(p.Total));

    public static CheckResultView View(StoredCheckResult result) =>
        new(result.Id, result.At, result.Status.ToName(), Ms(result.Latency), result.Error.ToName(), result.Message, View(result.Phases));

    public static RollupView View(CheckRollup rollup) =>
        new(rollup.BucketStart, rollup.Count, rollup.Failures, rollup.Degraded, rollup.Inconclusive,
            Ms(rollup.MeanLatency), Ms(rollup.MaxLatency), Ms(rollup.P50), Ms(rollup.P95), Ms(rollup.P99));

    /// <summary>Fractions as percentages with three decimals (99.999).</summary>
    public static UptimeView View(Uptime uptime) => new(Percent(uptime.Last24Hours), Percent(uptime.Last7Days), Percent(uptime.Last30Days));

    private static double? Percent(double? fraction) => fraction is { } f ? Math.Round(f * 100, 3) : null;

    private static double Ms(TimeSpan span) => Math.Round(span.TotalMilliseconds, 3);

    private static double? Ms(TimeSpan? span) => span is { } s ? Ms(s) : null;

    public static PingView View(StoredPing ping) =>
        new(ping.Id, ping.At, Core.Pings.PingKindNames.ToName(ping.Kind), ping.ExitStatus, ping.DurationMs, ping.Rid,
            ping.Body, ping.BodyTruncated, ping.Method, ping.RemoteAddress, ping.UserAgent);

    public static FlipView View(StoredFlip flip) => new(flip.Id, flip.At, flip.From.ToName(), flip.To.ToName(), flip.Reason);
}
