namespace Vigil.Server.Http;

/// <summary>A monitor as the API shows it. Field names are the request's own, so a GET can be edited and sent back.</summary>
public sealed record MonitorView(
    Guid Id,
    string Name,
    string Slug,
    string Type,
    IReadOnlyList<string> Tags,
    string Description,
    long? PeriodSeconds,
    long GraceSeconds,
    string? Cron,
    string? Timezone,
    bool Paused,
    string Status,
    DateTimeOffset? StatusChangedAt,
    DateTimeOffset? LastPingAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? NextExpectedAt,
    DateTimeOffset? StartedAt,
    long PingCount,
    DateTimeOffset CreatedAt,
    string PingUrl);

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

public sealed record BatchItemResult(int Index, int Status, string? Error = null);

public sealed record BatchResult(int Accepted, int Rejected, IReadOnlyList<BatchItemResult> Results);

public sealed record VersionView(string Name, string Version);

