namespace Vigil.Checks.Probes.Http;

/// <summary>Settings shared by every HTTP check of one Vigil process (not per monitor).</summary>
/// <param name="PooledConnectionLifetime">A pooled connection older than this is closed after its current request,
/// so DNS changes and load-balancer moves are picked up.</param>
/// <param name="PooledConnectionIdleTimeout">An idle pooled connection is closed after this.</param>
/// <param name="MaxConnectionsPerServer">Sockets open at most to one target (scheme, host, port). Checks beyond it
/// wait for a free connection, and that wait counts against their timeout. 32 keeps a busy local target at
/// tens of thousands of checks/s without letting many monitors of one slow site hold hundreds of sockets.</param>
/// <param name="DnsCacheTtl">How long a resolved host name is reused. The OS resolver does not report record TTLs,
/// so this is the bound, whatever the record says.</param>
/// <param name="DnsCacheCapacity">Host names kept at most; the oldest is evicted first.</param>
/// <param name="CertificateCacheCapacity">Targets whose certificate expiry is remembered at most.</param>
/// <param name="RegexCacheCapacity">Compiled body patterns kept at most.</param>
/// <param name="MaxBodyBytes">The most of a body read for an assertion; a larger body fails the assertion.</param>
/// <param name="UserAgent">Sent unless the monitor sets its own User-Agent header.</param>
public sealed record HttpProbeOptions(
    TimeSpan PooledConnectionLifetime,
    TimeSpan PooledConnectionIdleTimeout,
    int MaxConnectionsPerServer,
    TimeSpan DnsCacheTtl,
    int DnsCacheCapacity,
    int CertificateCacheCapacity,
    int RegexCacheCapacity,
    int MaxBodyBytes,
    string UserAgent)
{
    public static readonly HttpProbeOptions Default = new(
        PooledConnectionLifetime: TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout: TimeSpan.FromSeconds(90),
        MaxConnectionsPerServer: 32,
        DnsCacheTtl: TimeSpan.FromSeconds(30),
        DnsCacheCapacity: 10_000,
        CertificateCacheCapacity: 10_000,
        RegexCacheCapacity: 1_000,
        MaxBodyBytes: 1024 * 1024,
        UserAgent: "Vigil/1.0 (+uptime check)");
}
