using Vigil.Core.Checks.Json;

namespace Vigil.Server.Configuration;

/// <summary>Reads the <c>checks:</c> section.</summary>
internal static class ChecksOptionsReader
{
    public static ChecksOptions Read(YamlMapReader map)
    {
        var d = new ChecksOptions();
        var options = new ChecksOptions
        {
            MaxConcurrent = map.Int("max_concurrent", d.MaxConcurrent, 1, 100_000),
            MaxConcurrentPerType = ReadPerType(map.Map("max_concurrent_per_type")),
            QueueCapacity = map.Int("queue_capacity", d.QueueCapacity, 1, 10_000_000),
            TickMs = map.Int("tick_ms", d.TickMs, 1, 1000),
            Pools = ReadPools(map.Map("pools")),
            Http = ReadHttp(map.Map("http")),
            ResultRetentionDays = map.Int("result_retention_days", d.ResultRetentionDays, 1, 3650),
            MinuteRollupDays = map.Int("minute_rollup_days", d.MinuteRollupDays, 1, 3650),
            HourRollupDays = map.Int("hour_rollup_days", d.HourRollupDays, 1, 36_500),
            RollupFlushSeconds = map.Int("rollup_flush_seconds", d.RollupFlushSeconds, 0, 300),
        };
        map.Finish();
        return options;
    }

    private static Dictionary<string, int> ReadPerType(YamlMapReader map)
    {
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in CheckSpecReader.Types)
            if (map.OptionalLong(type) is { } limit)
            {
                if (limit is < 1 or > 100_000)
                    map.Context.Error(map.Child(type), $"must be between 1 and 100000 (got {limit})");
                else
                    limits[type] = (int)limit;
            }
        map.Finish();
        return limits;
    }

    private static Dictionary<string, PoolSettings> ReadPools(YamlMapReader map)
    {
        var pools = new Dictionary<string, PoolSettings>(StringComparer.Ordinal);
        var d = new PoolSettings();
        foreach (var type in ChecksOptions.PooledTypes)
        {
            var pool = map.Map(type);
            pools[type] = new PoolSettings
            {
                MaxSize = pool.Int("max_size", d.MaxSize, 1, 1000),
                IdleTimeoutSeconds = pool.Int("idle_timeout_seconds", d.IdleTimeoutSeconds, 1, 86_400),
                MaxLifetimeSeconds = pool.Int("max_lifetime_seconds", d.MaxLifetimeSeconds, 1, 604_800),
                AcquireTimeoutMs = pool.Int("acquire_timeout_ms", d.AcquireTimeoutMs, 1, 300_000),
            };
            pool.Finish();
        }
        map.Finish();
        return pools;
    }

    private static HttpCheckSettings ReadHttp(YamlMapReader map)
    {
        var d = new HttpCheckSettings();
        var options = new HttpCheckSettings
        {
            PooledConnectionLifetimeSeconds = map.Int("pooled_connection_lifetime_seconds", d.PooledConnectionLifetimeSeconds, 1, 86_400),
            PooledConnectionIdleSeconds = map.Int("pooled_connection_idle_seconds", d.PooledConnectionIdleSeconds, 1, 86_400),
            MaxConnectionsPerServer = map.Int("max_connections_per_server", d.MaxConnectionsPerServer, 1, 10_000),
            DnsCacheSeconds = map.Int("dns_cache_seconds", d.DnsCacheSeconds, 0, 86_400),
            MaxBodyBytes = map.Int("max_body_bytes", d.MaxBodyBytes, 1024, 64 * 1_048_576),
        };
        map.Finish();
        return options;
    }
}
