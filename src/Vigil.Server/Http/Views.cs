using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Server.Http;

/// <summary>
/// A monitor as the API shows it. Field names are the request's own, so a GET can be edited and sent back.
/// Heartbeat fields are left out for active monitors, whose own fields (url, host, interval_seconds …) come from <see cref="CheckFields"/>.
/// </summary>
public sealed record MonitorView(
    Guid Id,
    string Name,
    string Slug,
    string Type,
    IReadOnlyList<string> Tags,
    string Description,
    long? PeriodSeconds,
    long? GraceSeconds,
    string? Cron,
    string? Timezone,
    bool Paused,
    string Status,
    DateTimeOffset? StatusChangedAt,
    DateTimeOffset? LastPingAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? NextExpectedAt,
    DateTimeOffset? StartedAt,
    long? PingCount,
    DateTimeOffset CreatedAt,
    string? PingUrl)
{
    /// <summary>An active monitor's type-specific fields, written at the top level of the object.
    /// Settable rather than init-only: the JSON source generator cannot pair extension data with an initializer.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? CheckFields { get; set; }

    public CheckResultView? LastResult { get; init; }

    /// <summary>The monitor's own alert rules; left out when it has none (the configured defaults apply).</summary>
    public JsonElement? Alerts { get; init; }

    /// <summary>Channel ids or names the monitor's alerts go to.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>The id of the monitor this one depends on; left out when none.</summary>
    public Guid? Parent { get; init; }

    /// <summary>Only on a single monitor's GET: it costs a query per monitor.</summary>
    public UptimeView? Uptime { get; init; }

    /// <summary>Only on a single monitor's GET, while a silence holds its alerts back.</summary>
    public DateTimeOffset? SilencedUntil { get; init; }
}

/// <summary>One check run. Times in milliseconds.</summary>
public sealed record CheckResultView(long? Id, DateTimeOffset At, string Status, double LatencyMs, string Error, string Message, PhaseView? Phases);

public sealed record CheckResultPage(IReadOnlyList<CheckResultView> Results, string? NextCursor);

/// <summary>The runs of one minute or hour. Latencies in milliseconds; percentiles are estimates from a histogram.</summary>
public sealed record RollupView(
    DateTimeOffset Start, long Count, long Failures, long Degraded, long Inconclusive,
    double? MeanMs, double? MaxMs, double? P50Ms, double? P95Ms, double? P99Ms);

public sealed record RollupList(string Resolution, IReadOnlyList<RollupView> Rollups);

/// <summary>Where a run's time went, in milliseconds; a phase that did not happen (a reused connection has no connect) is left out.</summary>
public sealed record PhaseView(double? DnsMs, double? ConnectMs, double? TlsMs, double? FirstByteMs, double TotalMs);

/// <summary>Percent of conclusive runs that were up (or degraded) over the last day, week and 30 days; null without runs.</summary>
public sealed record UptimeView(
    [property: JsonPropertyName("24h")] double? Day,
    [property: JsonPropertyName("7d")] double? Week,
    [property: JsonPropertyName("30d")] double? Month);

public sealed record MonitorPage(IReadOnlyList<MonitorView> Monitors, int Total, string? NextCursor);

public sealed record PingView(
    long Id, DateTimeOffset At, string Kind, int? ExitStatus, long? DurationMs, string? Rid,
    string? Body, bool BodyTruncated, string? Method, string? RemoteAddress, string? UserAgent);

public sealed record PingPage(IReadOnlyList<PingView> Pings, string? NextCursor);

public sealed record FlipView(long Id, DateTimeOffset At, string From, string To, string Reason);

public sealed record FlipPage(IReadOnlyList<FlipView> Flips, string? NextCursor);

public sealed record ApiKeyView(Guid Id, string Name, string Scope, string Prefix, DateTimeOffset CreatedAt, string? Key = null);

public sealed record ApiKeyList(IReadOnlyList<ApiKeyView> Keys);

public sealed record PingKeyView(string PingKey);

/// <summary>A struct: a batch answers up to thousands of these, held in one array rather than an object each.</summary>
public readonly record struct BatchItemResult(int Index, int Status, string? Error = null);

public sealed record BatchResult(int Accepted, int Rejected, IReadOnlyList<BatchItemResult> Results);

public sealed record VersionView(string Name, string Version);

