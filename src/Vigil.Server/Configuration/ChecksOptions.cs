namespace Vigil.Server.Configuration;

/// <summary>The <c>checks:</c> section: the active-check scheduler, its pools and how long results are kept.</summary>
public sealed record ChecksOptions
{
    /// <summary>The monitor types with a connection pool of their own (HTTP pools through its handler, see <see cref="Http"/>).</summary>
    public static readonly IReadOnlyList<string> PooledTypes = ["postgres", "mysql", "redis", "mongodb"];

    public int MaxConcurrent { get; init; } = 512;

    /// <summary>Per monitor type ("http", "tcp" …); a type not listed is bounded only by <see cref="MaxConcurrent"/>.</summary>
    public IReadOnlyDictionary<string, int> MaxConcurrentPerType { get; init; } = new Dictionary<string, int>();

    public int QueueCapacity { get; init; } = 10_000;
    public int TickMs { get; init; } = 20;

    /// <summary>One entry per pooled type.</summary>
    public IReadOnlyDictionary<string, PoolSettings> Pools { get; init; } = PooledTypes.ToDictionary(t => t, _ => new PoolSettings());

    public HttpCheckSettings Http { get; init; } = new();

    /// <summary>Raw results are kept this long; per-minute rollups <see cref="MinuteRollupDays"/>, per-hour <see cref="HourRollupDays"/>.</summary>
    public int ResultRetentionDays { get; init; } = 7;
    public int MinuteRollupDays { get; init; } = 30;
    public int HourRollupDays { get; init; } = 400;

    /// <summary>How often rollups are written from memory; 0 = with every batch. Charts and uptime trail results by this much.</summary>
    public int RollupFlushSeconds { get; init; } = 10;

    public PoolSettings PoolFor(string type) => Pools.TryGetValue(type, out var pool) ? pool : new PoolSettings();
}

/// <summary><c>checks.pools.&lt;type&gt;</c>: bounds of each target's connection pool.</summary>
public sealed record PoolSettings
{
    public int MaxSize { get; init; } = 4;
    public int IdleTimeoutSeconds { get; init; } = 60;
    public int MaxLifetimeSeconds { get; init; } = 1800;
    public int AcquireTimeoutMs { get; init; } = 2000;
}

/// <summary><c>checks.http</c>: the shared HTTP handlers' connection pool and DNS cache.</summary>
public sealed record HttpCheckSettings
{
    public int PooledConnectionLifetimeSeconds { get; init; } = 300;
    public int PooledConnectionIdleSeconds { get; init; } = 90;
    public int MaxConnectionsPerServer { get; init; } = 32;
    public int DnsCacheSeconds { get; init; } = 30;
    public int MaxBodyBytes { get; init; } = 1_048_576;
}
