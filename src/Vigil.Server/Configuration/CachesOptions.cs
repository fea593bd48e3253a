namespace Vigil.Server.Configuration;

/// <summary>The <c>caches:</c> section: how many entries each in-memory cache holds at most (oldest evicted first).</summary>
public sealed record CachesOptions
{
    /// <summary>Host names the HTTP and TCP checks' resolver cache keeps.</summary>
    public int DnsEntries { get; init; } = 10_000;

    /// <summary>Targets whose TLS certificate expiry the HTTP checks remember.</summary>
    public int TlsCertificateEntries { get; init; } = 10_000;

    /// <summary>Compiled body and banner patterns, per probe (HTTP and TCP).</summary>
    public int RegexEntries { get; init; } = 1_000;

    /// <summary>API keys remembered after a lookup (for a minute each).</summary>
    public int ApiKeyEntries { get; init; } = 10_000;
}
