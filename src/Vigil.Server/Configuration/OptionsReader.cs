using Vigil.Server.Observability.Metrics;
using Vigil.Server.Observability.Profiling;
using Vigil.Server.Observability.Resources;

namespace Vigil.Server.Configuration;

/// <summary>The schema: which keys each section has, their types, defaults (taken from the options types) and limits.</summary>
internal static class OptionsReader
{
    private const int MaxSeconds = 31_622_400; // 366 days, the longest monitor period

    public static VigilOptions Read(YamlMapReader root)
    {
        var options = new VigilOptions
        {
            Server = ReadServer(root.Map("server")),
            Storage = ReadStorage(root.Map("storage")),
            Pings = ReadPings(root.Map("pings")),
            Deadlines = ReadDeadlines(root.Map("deadlines")),
            Checks = ChecksOptionsReader.Read(root.Map("checks")),
            Caches = ReadCaches(root.Map("caches")),
            Auth = ReadAuth(root.Map("auth")),
            Logging = ReadLogging(root.Map("logging")),
            Metrics = ReadMetrics(root.Map("metrics")),
            Observability = ReadObservability(root.Map("observability")),
            Profiling = ReadProfiling(root.Map("profiling")),
            Performance = ReadPerformance(root.Map("performance")),
            Scaling = ReadScaling(root.Map("scaling")),
            Benchmarking = ReadBenchmarking(root.Map("benchmarking")),
            Alerts = AlertsOptionsReader.Read(root.Map("alerts")),
            Monitors = MonitorListReader.Read(root, "monitors"),
            Channels = ChannelListReader.Read(root, "channels"),
            Maintenance = MaintenanceListReader.Read(root, "maintenance"),
        };
        root.Finish();
        return options;
    }

    private static ServerOptions ReadServer(YamlMapReader map)
    {
        var d = new ServerOptions();
        var urls = map.Text("urls", string.Join(';', d.Urls), ConfigChecks.ListenUrls)!;
        var publicUrl = map.Text("public_url", null, ConfigChecks.PublicUrl);
        map.Finish();
        return new ServerOptions
        {
            Urls = ConfigChecks.SplitUrls(urls),
            PublicUrl = publicUrl is null ? null : new Uri(publicUrl.Trim(), UriKind.Absolute),
        };
    }

    private static StorageOptions ReadStorage(YamlMapReader map)
    {
        var d = new StorageOptions();
        var options = new StorageOptions
        {
            Provider = map.Choice("provider", d.Provider, p => p == StorageProvider.Sqlite ? null : "PostgreSQL storage is not available yet"),
            DataDir = map.Text("data_dir", d.DataDir, ConfigChecks.NotEmpty)!,
            Durability = map.Choice("durability", d.Durability),
            QueueCapacity = map.Int("queue_capacity", d.QueueCapacity, 1000, 10_000_000),
            MaxBatchSize = map.Int("max_batch_size", d.MaxBatchSize, 1, 100_000),
            FlushIntervalMs = map.Int("flush_interval_ms", d.FlushIntervalMs, 1, 1000),
            RetentionDays = map.Int("retention_days", d.RetentionDays, 1, 36_500),
            RetentionIntervalMinutes = map.Int("retention_interval_minutes", d.RetentionIntervalMinutes, 1, 10_080),
            RetentionChunkSize = map.Int("retention_chunk_size", d.RetentionChunkSize, 100, 100_000),
        };
        map.Finish();
        return options;
    }

    private static PingOptions ReadPings(YamlMapReader map)
    {
        var d = new PingOptions();
        var options = new PingOptions
        {
            BodyLimitBytes = map.Int("body_limit_bytes", d.BodyLimitBytes, 0, 1_048_576),
            RateLimit = map.Int("rate_limit", d.RateLimit, 0, 1_000_000_000),
            RateLimitWindowSeconds = map.Int("rate_limit_window_seconds", d.RateLimitWindowSeconds, 1, 3600),
            BatchMaxItems = map.Int("batch_max_items", d.BatchMaxItems, 1, 1_000_000),
            BatchMaxBytes = map.Long("batch_max_bytes", d.BatchMaxBytes, 1024, 1L << 30),
            PingKey = map.Text("ping_key", null, ConfigChecks.PingKey),
            CreatePeriodSeconds = map.Long("create_period_seconds", d.CreatePeriodSeconds, 1, MaxSeconds),
            CreateGraceSeconds = map.Long("create_grace_seconds", d.CreateGraceSeconds, 1, MaxSeconds),
            MaxClockSkewSeconds = map.Int("max_clock_skew_seconds", d.MaxClockSkewSeconds, 0, 86_400),
        };
        map.Finish();
        return options;
    }

    private static DeadlineOptions ReadDeadlines(YamlMapReader map)
    {
        var options = new DeadlineOptions { TickMs = map.Int("tick_ms", new DeadlineOptions().TickMs, 50, 1000) };
        map.Finish();
        return options;
    }

    private static CachesOptions ReadCaches(YamlMapReader map)
    {
        var d = new CachesOptions();
        var options = new CachesOptions
        {
            DnsEntries = map.Int("dns_entries", d.DnsEntries, 1, 10_000_000),
            TlsCertificateEntries = map.Int("tls_certificate_entries", d.TlsCertificateEntries, 1, 10_000_000),
            RegexEntries = map.Int("regex_entries", d.RegexEntries, 1, 1_000_000),
            ApiKeyEntries = map.Int("api_key_entries", d.ApiKeyEntries, 1, 10_000_000),
        };
        map.Finish();
        return options;
    }

    private static AuthOptions ReadAuth(YamlMapReader map)
    {
        var options = new AuthOptions { ApiKey = map.Text("api_key", null, ConfigChecks.ApiKey) };
        map.Finish();
        return options;
    }

    private static LoggingOptions ReadLogging(YamlMapReader map)
    {
        var d = new LoggingOptions();
        var options = new LoggingOptions { Level = map.Choice("level", d.Level), Format = map.Choice("format", d.Format) };
        map.Finish();
        return options;
    }

    private static MetricsOptions ReadMetrics(YamlMapReader map)
    {
        var d = new MetricsOptions();
        var options = new MetricsOptions
        {
            Enabled = map.Bool("enabled", d.Enabled),
            RefreshIntervalMs = map.Int("refresh_interval_ms", d.RefreshIntervalMs, 0, MetricsOptions.MaxRefreshIntervalMs),
            PerMonitor = map.Bool("per_monitor", d.PerMonitor),
            MaxSeries = map.Int("max_series", d.MaxSeries, 0, MetricsOptions.MaxMaxSeries),
            BearerToken = map.Text("bearer_token", null, ConfigChecks.BearerToken),
        };
        map.Finish();
        return options;
    }

    private static SamplingOptions ReadObservability(YamlMapReader map)
    {
        var d = new SamplingOptions();
        var options = new SamplingOptions
        {
            SampleIntervalSeconds = map.Int("sample_interval_seconds", d.SampleIntervalSeconds, 1, 3600),
            HistoryHours = map.Int("history_hours", d.HistoryHours, 1, 168),
        };
        map.Finish();
        return options;
    }

    private static ProfilingOptions ReadProfiling(YamlMapReader map)
    {
        var d = new ProfilingOptions();
        var options = new ProfilingOptions
        {
            DefaultTraceSeconds = map.Int("default_trace_seconds", d.DefaultTraceSeconds, 1, ProfilingOptions.MaxTraceSeconds),
            TraceBufferMb = map.Int("trace_buffer_mb", d.TraceBufferMb, 1, 1024),
        };
        map.Finish();
        return options;
    }

    private static PerformanceOptions ReadPerformance(YamlMapReader map)
    {
        var d = new PerformanceOptions();
        var options = new PerformanceOptions
        {
            EnablePerformanceMode = map.Bool("enable_performance_mode", d.EnablePerformanceMode),
            MemoryOptimization = map.Bool("memory_optimization", d.MemoryOptimization),
            CacheOptimization = map.Bool("cache_optimization", d.CacheOptimization),
            MemoryLimitMb = map.Int("memory_limit_mb", d.MemoryLimitMb, 0, 1_048_576),
            ShedAtPercent = map.Int("shed_at_percent", d.ShedAtPercent, 50, 99),
        };
        map.Finish();
        return options;
    }

    private static ScalingOptions ReadScaling(YamlMapReader map)
    {
        var d = new ScalingOptions();
        var options = new ScalingOptions
        {
            EnableHorizontalScaling = map.Bool("enable_horizontal_scaling", d.EnableHorizontalScaling),
            WorkerProcesses = map.Int("worker_processes", d.WorkerProcesses, 1, 64),
            SharedMemorySizeBytes = map.Size("shared_memory_size", d.SharedMemorySizeBytes, 1L << 20, 1L << 40),
        };
        map.Finish();
        return options;
    }

    private static BenchmarkingOptions ReadBenchmarking(YamlMapReader map)
    {
        var d = new BenchmarkingOptions();
        var options = new BenchmarkingOptions
        {
            EnableBenchmarks = map.Bool("enable_benchmarks", d.EnableBenchmarks),
            BenchmarkIntervalSeconds = map.Int("benchmark_interval_seconds", d.BenchmarkIntervalSeconds, 10, 86_400),
            PerformanceThresholds = ReadThresholds(map.Map("performance_thresholds")),
        };
        map.Finish();
        return options;
    }

    private static PerformanceThresholdOptions ReadThresholds(YamlMapReader map)
    {
        var d = new PerformanceThresholdOptions();
        var options = new PerformanceThresholdOptions
        {
            MaxResponseTimeMs = map.Int("max_response_time_ms", d.MaxResponseTimeMs, 1, 600_000),
            MaxMemoryUsageMb = map.Int("max_memory_usage_mb", d.MaxMemoryUsageMb, 16, 1_048_576),
            MinThroughputRps = map.Int("min_throughput_rps", d.MinThroughputRps, 0, 10_000_000),
        };
        map.Finish();
        return options;
    }
}
