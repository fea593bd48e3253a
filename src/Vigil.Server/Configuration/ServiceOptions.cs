using System.Text;
using Vigil.Storage.Writing;

namespace Vigil.Server.Configuration;

/// <summary>The <c>server:</c> section: where the host listens and how it names itself in links.</summary>
public sealed record ServerOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Absolute http:// or https:// URLs to listen on (from the ';'-separated <c>urls</c> key).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>The base URL put into links (ping URLs, notifications); null means "derive from the request".</summary>
    public Uri? PublicUrl { get; init; }
}

/// <summary>The <c>storage:</c> section: the database and the batch writer in front of it.</summary>
public sealed record StorageOptions
{
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;
    public string DataDir { get; init; } = "./data";
    public Durability Durability { get; init; } = Durability.Commit;

    /// <summary>Writes waiting for the batch writer; when full, pings are answered 503.</summary>
    public int QueueCapacity { get; init; } = 200_000;
    public int MaxBatchSize { get; init; } = 8192;
    public int FlushIntervalMs { get; init; } = 100;
    public int RetentionDays { get; init; } = 90;
    public int RetentionIntervalMinutes { get; init; } = 60;
    public int RetentionChunkSize { get; init; } = 5000;

    public TimeSpan FlushInterval => TimeSpan.FromMilliseconds(FlushIntervalMs);
    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
    public TimeSpan RetentionInterval => TimeSpan.FromMinutes(RetentionIntervalMinutes);
}

/// <summary>The <c>pings:</c> section: limits on the ping endpoints.</summary>
public sealed record PingOptions
{
    public int BodyLimitBytes { get; init; } = 10_240;

    /// <summary>Pings allowed per window per monitor; 0 turns rate limiting off.</summary>
    public int RateLimit { get; init; } = 100;
    public int RateLimitWindowSeconds { get; init; } = 10;
    public int BatchMaxItems { get; init; } = 10_000;
    public long BatchMaxBytes { get; init; } = 16_777_216;

    /// <summary>Secret that ping URLs may carry instead of a monitor UUID; null means ping-by-slug is off.</summary>
    public string? PingKey { get; init; }
    public long CreatePeriodSeconds { get; init; } = 86_400;
    public long CreateGraceSeconds { get; init; } = 3600;
    public int MaxClockSkewSeconds { get; init; } = 300;

    public TimeSpan RateLimitWindow => TimeSpan.FromSeconds(RateLimitWindowSeconds);
    public TimeSpan MaxClockSkew => TimeSpan.FromSeconds(MaxClockSkewSeconds);

    // Records print every property; the ping key must not reach logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"BodyLimitBytes = {BodyLimitBytes}, RateLimit = {RateLimit}, RateLimitWindowSeconds = {RateLimitWindowSeconds}, ");
        builder.Append($"BatchMaxItems = {BatchMaxItems}, BatchMaxBytes = {BatchMaxBytes}, PingKey = {(PingKey is null ? "null" : "(hidden)")}, ");
        builder.Append($"CreatePeriodSeconds = {CreatePeriodSeconds}, CreateGraceSeconds = {CreateGraceSeconds}, MaxClockSkewSeconds = {MaxClockSkewSeconds}");
        return true;
    }
}

/// <summary>The <c>deadlines:</c> section.</summary>
public sealed record DeadlineOptions
{
    /// <summary>How often the deadline wheel is swept for late monitors.</summary>
    public int TickMs { get; init; } = 250;

    public TimeSpan Tick => TimeSpan.FromMilliseconds(TickMs);
}

/// <summary>The <c>auth:</c> section.</summary>
public sealed record AuthOptions
{
    /// <summary>Bootstrap write key (also VIGIL_API_KEY); null means none.</summary>
    public string? ApiKey { get; init; }

    // Records print every property; the key must not reach logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"ApiKey = {(ApiKey is null ? "null" : "(hidden)")}");
        return true;
    }
}

/// <summary>The <c>logging:</c> section.</summary>
public sealed record LoggingOptions
{
    public LogLevel Level { get; init; } = LogLevel.Information;
    public LogFormat Format { get; init; } = LogFormat.Json;
}
