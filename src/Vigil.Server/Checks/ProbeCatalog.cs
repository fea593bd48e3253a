using Vigil.Checks.Pooling;
using Vigil.Checks.Probes;
using Vigil.Checks.Probes.Http;
using Vigil.Checks.Protocols.Mongo;
using Vigil.Checks.Protocols.MySql;
using Vigil.Checks.Protocols.Redis;
using Vigil.Core.Caching;
using Vigil.Server.Configuration;

namespace Vigil.Server.Checks;

/// <summary>One probe per monitor type, with the connection pools they share across monitors, built from <c>checks:</c>.</summary>
public sealed class ProbeCatalog : IAsyncDisposable
{
    private readonly PoolRegistry<RedisConnection> _redisPools;
    private readonly PoolRegistry<MongoConnection> _mongoPools;
    private readonly PostgresProbe _postgres;
    private readonly PoolRegistry<MySqlConnection> _mySqlPools;
    private readonly HttpProbe _http;
    private readonly TcpProbe _tcp;

    public ProbeCatalog(ChecksOptions options, CachesOptions caches, TimeProvider time)
    {
        _redisPools = new PoolRegistry<RedisConnection>("redis", PoolOptionsFor(options, "redis"), time);
        _mongoPools = new PoolRegistry<MongoConnection>("mongodb", PoolOptionsFor(options, "mongodb"), time);
        _mySqlPools = new PoolRegistry<MySqlConnection>("mysql", PoolOptionsFor(options, "mysql"), time);
        _postgres = new PostgresProbe(PoolOptionsFor(options, "postgres"));
        _http = new HttpProbe(HttpOptionsFrom(options.Http, caches), time);
        _tcp = new TcpProbe(_http.DnsCache, time, caches.RegexEntries);
        Probes =
        [
            _http, _tcp, new DnsProbe(), _postgres, new MySqlProbe(_mySqlPools),
            new RedisProbe(_redisPools), new MongoProbe(_mongoPools),
        ];
    }

    public IReadOnlyList<IProbe> Probes { get; }

    /// <summary>The protocols whose probes pool connections, as <see cref="PoolStats"/> labels them.</summary>
    public static readonly IReadOnlyList<string> PooledProtocols = ["postgres", "mysql", "redis", "mongodb"];

    /// <summary>The probes' caches, for metrics.</summary>
    public IEnumerable<CacheStats> Caches => _http.Caches.Append(_tcp.RegexStats);

    /// <summary>Halves every probe cache: one of the ways Vigil sheds memory near its limit.</summary>
    public void ShrinkCaches()
    {
        _http.DnsCache.ShrinkByHalf();
        _http.ShrinkCaches();
        _tcp.ShrinkCaches();
    }

    /// <summary>Every pool of every pooled protocol, labelled by protocol.</summary>
    public IEnumerable<(string Protocol, PoolStats Stats)> PoolStats =>
        _postgres.Stats.Select(s => ("postgres", s))
            .Concat(_mySqlPools.Stats.Select(s => ("mysql", s)))
            .Concat(_redisPools.Stats.Select(s => ("redis", s)))
            .Concat(_mongoPools.Stats.Select(s => ("mongodb", s)));

    /// <summary>Closes idle connections past their timeouts and pools nobody uses any more.</summary>
    public async Task PruneAsync()
    {
        await _mySqlPools.PruneAsync().ConfigureAwait(false);
        await _redisPools.PruneAsync().ConfigureAwait(false);
        await _mongoPools.PruneAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _redisPools.DisposeAsync().ConfigureAwait(false);
        await _mongoPools.DisposeAsync().ConfigureAwait(false);
        await _postgres.DisposeAsync().ConfigureAwait(false);
        await _mySqlPools.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    /// <summary>The HTTP and TCP probes' shared DNS cache, for metrics.</summary>
    public DnsCache DnsCache => _http.DnsCache;

    private static HttpProbeOptions HttpOptionsFrom(HttpCheckSettings http, CachesOptions caches) => HttpProbeOptions.Default with
    {
        PooledConnectionLifetime = TimeSpan.FromSeconds(http.PooledConnectionLifetimeSeconds),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(http.PooledConnectionIdleSeconds),
        MaxConnectionsPerServer = http.MaxConnectionsPerServer,
        DnsCacheTtl = TimeSpan.FromSeconds(http.DnsCacheSeconds),
        MaxBodyBytes = http.MaxBodyBytes,
        DnsCacheCapacity = caches.DnsEntries,
        CertificateCacheCapacity = caches.TlsCertificateEntries,
        RegexCacheCapacity = caches.RegexEntries,
    };

    private static PoolOptions PoolOptionsFor(ChecksOptions options, string type)
    {
        var pool = options.PoolFor(type);
        return new PoolOptions(pool.MaxSize, TimeSpan.FromSeconds(pool.IdleTimeoutSeconds), TimeSpan.FromSeconds(pool.MaxLifetimeSeconds), TimeSpan.FromMilliseconds(pool.AcquireTimeoutMs));
    }
}
