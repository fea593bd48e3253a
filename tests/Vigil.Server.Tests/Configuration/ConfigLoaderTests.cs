using Microsoft.Extensions.Logging;
using Vigil.Server.Configuration;
using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Configuration.ConfigTestData;

namespace Vigil.Server.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Empty_text_gives_the_documented_defaults()
    {
        var options = Valid("");

        Assert.Equivalent(VigilOptions.Default, options, strict: true);
        Assert.Equal(["http://127.0.0.1:8080"], options.Server.Urls);
        Assert.Null(options.Server.PublicUrl);
        Assert.Equal(StorageProvider.Sqlite, options.Storage.Provider);
        Assert.Equal("./data", options.Storage.DataDir);
        Assert.Equal(Durability.Commit, options.Storage.Durability);
        Assert.Equal(200_000, options.Storage.QueueCapacity);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.Storage.FlushInterval);
        Assert.Equal(16_777_216, options.Pings.BatchMaxBytes);
        Assert.Null(options.Pings.PingKey);
        Assert.Equal(250, options.Deadlines.TickMs);
        Assert.Null(options.Auth.ApiKey);
        Assert.Equal(LogLevel.Information, options.Logging.Level);
        Assert.Equal(LogFormat.Json, options.Logging.Format);
        Assert.Equal(64L * 1024 * 1024, options.Scaling.SharedMemorySizeBytes);
        Assert.Equal(1000, options.Benchmarking.PerformanceThresholds.MinThroughputRps);
        Assert.Empty(options.Monitors);
    }

    [Fact]
    public void No_path_gives_the_defaults()
    {
        var result = ConfigLoader.Load(null, NoEnv);

        Assert.True(result.IsValid);
        Assert.Equivalent(VigilOptions.Default, result.Options, strict: true);
    }

    [Fact]
    public void Comments_empty_sections_and_null_values_take_the_defaults()
    {
        var options = Valid("""
            # nothing set here
            server:
            storage: ~
            pings:
              rate_limit:
              ping_key: null
            """);

        Assert.Equivalent(VigilOptions.Default, options, strict: true);
    }

    [Fact]
    public void Every_section_parses()
    {
        var options = Valid("""
            server:
              urls: "http://0.0.0.0:9000; https://[::]:9443"
              public_url: https://vigil.example.com/
            storage:
              provider: SQLite
              data_dir: /srv/vigil
              durability: buffered
              queue_capacity: 1000
              max_batch_size: 100000
              flush_interval_ms: 1000
              retention_days: 36500
              retention_interval_minutes: 10080
              retention_chunk_size: 100
            pings:
              body_limit_bytes: 0
              rate_limit: 0
              rate_limit_window_seconds: 3600
              batch_max_items: 1
              batch_max_bytes: 1024
              ping_key: abcdefgh_IJKLMNO-1234
              create_period_seconds: 60
              create_grace_seconds: 31622400
              max_clock_skew_seconds: 0
            deadlines:
              tick_ms: 50
            auth:
              api_key: "0123456789abcdef"
            logging:
              level: warning
              format: text
            performance:
              enable_performance_mode: true
              memory_optimization: false
              cache_optimization: False
            scaling:
              enable_horizontal_scaling: true
              worker_processes: 64
              shared_memory_size: 2g
            benchmarking:
              enable_benchmarks: true
              benchmark_interval_seconds: 10
              performance_thresholds:
                max_response_time_ms: 600000
                max_memory_usage_mb: 16
                min_throughput_rps: 10000000
            monitors:
              - slug: backup
                period_seconds: 60
            """);

        Assert.Equal(["http://0.0.0.0:9000", "https://[::]:9443"], options.Server.Urls);
        Assert.Equal(new Uri("https://vigil.example.com/"), options.Server.PublicUrl);
        Assert.Equal(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,
            DataDir = "/srv/vigil",
            Durability = Durability.Buffered,
            QueueCapacity = 1000,
            MaxBatchSize = 100_000,
            FlushIntervalMs = 1000,
            RetentionDays = 36_500,
            RetentionIntervalMinutes = 10_080,
            RetentionChunkSize = 100,
        }, options.Storage);
        Assert.Equal(new PingOptions
        {
            BodyLimitBytes = 0,
            RateLimit = 0,
            RateLimitWindowSeconds = 3600,
            BatchMaxItems = 1,
            BatchMaxBytes = 1024,
            PingKey = "abcdefgh_IJKLMNO-1234",
            CreatePeriodSeconds = 60,
            CreateGraceSeconds = 31_622_400,
            MaxClockSkewSeconds = 0,
        }, options.Pings);
        Assert.Equal(50, options.Deadlines.TickMs);
        Assert.Equal("0123456789abcdef", options.Auth.ApiKey);
        Assert.Equal(new LoggingOptions { Level = LogLevel.Warning, Format = LogFormat.Text }, options.Logging);
        Assert.Equal(new PerformanceOptions { EnablePerformanceMode = true, MemoryOptimization = false, CacheOptimization = false }, options.Performance);
        Assert.Equal(new ScalingOptions { EnableHorizontalScaling = true, WorkerProcesses = 64, SharedMemorySizeBytes = 2L << 30 }, options.Scaling);
        Assert.Equal(new BenchmarkingOptions
        {
            EnableBenchmarks = true,
            BenchmarkIntervalSeconds = 10,
            PerformanceThresholds = new() { MaxResponseTimeMs = 600_000, MaxMemoryUsageMb = 16, MinThroughputRps = 10_000_000 },
        }, options.Benchmarking);
        Assert.Equal("backup", Assert.Single(options.Monitors).Slug);
    }

    [Fact]
    public void A_file_on_disk_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-config-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "storage:\n  durability: buffered\n");
        try
        {
            var result = ConfigLoader.Load(path, NoEnv);

            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal(Durability.Buffered, result.Options!.Storage.Durability);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_one_file_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-missing-{Guid.NewGuid():N}.yaml");

        var result = ConfigLoader.Load(path, NoEnv);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Options);
        Assert.Equal("(file)", error.KeyPath);
        Assert.Equal($"config file '{path}' not found", error.Message);
    }

    [Fact]
    public void A_missing_file_still_reports_bad_environment_variables()
    {
        var result = ConfigLoader.Load("/nonexistent/vigil.yaml", Vars(("VIGIL_STORAGE__NOPE", "1")));

        Assert.Equal(["(file)", "env:VIGIL_STORAGE__NOPE"], result.Errors.Select(e => e.KeyPath));
    }

    [Fact]
    public void A_wrong_type_names_the_key_path_and_the_value()
    {
        var error = SingleError("pings:\n  rate_limit: many\n");

        Assert.Equal("pings.rate_limit: must be an integer between 0 and 1000000000 (got 'many')", error.ToString());
    }

    [Fact]
    public void Out_of_range_names_the_nested_key_path()
    {
        var error = SingleError("""
            benchmarking:
              performance_thresholds:
                max_response_time_ms: 0
            """);

        Assert.Equal("benchmarking.performance_thresholds.max_response_time_ms: must be between 1 and 600000 (got 0)", error.ToString());
    }

    [Fact]
    public void A_value_outside_an_enum_lists_the_choices()
    {
        var error = SingleError("storage:\n  durability: fast\n");

        Assert.Equal("storage.durability: must be one of commit, buffered (got 'fast')", error.ToString());
    }

    [Fact]
    public void A_bad_boolean_is_an_error()
    {
        var error = SingleError("performance:\n  cache_optimization: yes please\n");

        Assert.Equal("performance.cache_optimization: must be true or false (got 'yes please')", error.ToString());
    }

    [Theory]
    [InlineData("storage:\n  durabilty: commit\n", "storage.durabilty: unknown key (did you mean 'durability'?)")]
    [InlineData("storag:\n  durability: commit\n", "storag: unknown key (did you mean 'storage'?)")]
    [InlineData("benchmarking:\n  performance_thresholds:\n    max_response_ms: 5\n",
        "benchmarking.performance_thresholds.max_response_ms: unknown key (known keys here: max_response_time_ms, max_memory_usage_mb, min_throughput_rps)")]
    public void An_unknown_key_is_an_error_with_a_suggestion(string yaml, string expected)
    {
        Assert.Equal(expected, SingleError(yaml).ToString());
    }

    [Theory]
    [InlineData("storage: 5\n", "storage: must be a mapping")]
    [InlineData("storage:\n  - durability\n", "storage: must be a mapping")]
    [InlineData("storage:\n  durability: [commit]\n", "storage.durability: must be one of commit, buffered (got a list)")]
    [InlineData("pings:\n  rate_limit: {a: 1}\n", "pings.rate_limit: must be an integer between 0 and 1000000000 (got a mapping)")]
    [InlineData("monitors:\n  slug: x\n", "monitors: must be a list")]
    [InlineData("benchmarking:\n  performance_thresholds: fast\n", "benchmarking.performance_thresholds: must be a mapping")]
    public void A_wrong_node_kind_is_an_error(string yaml, string expected)
    {
        Assert.Equal(expected, SingleError(yaml).ToString());
    }

    [Fact]
    public void A_yaml_syntax_error_is_one_file_error_with_its_line()
    {
        var error = SingleError("""
            storage:
              durability: commit
             queue_capacity: 5
            """);

        Assert.Equal("(file)", error.KeyPath);
        Assert.StartsWith("YAML syntax error at line 3, column ", error.Message);
    }

    [Theory]
    [InlineData("storage: [1,\n")]
    [InlineData("storage:\n  durability: 'unterminated\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: *missing_anchor\n")]
    public void Malformed_yaml_never_throws(string yaml)
    {
        var error = SingleError(yaml);

        Assert.Equal("(file)", error.KeyPath);
        Assert.Contains("line", error.Message);
    }

    [Theory]
    [InlineData("- 1\n- 2\n", "the top level must be a mapping")]
    [InlineData("just text\n", "the top level must be a mapping")]
    [InlineData("a: 1\n---\nb: 2\n", "must hold one YAML document (found 2)")]
    public void The_top_level_must_be_one_mapping(string yaml, string expected)
    {
        var error = SingleError(yaml);

        Assert.Equal("(file)", error.KeyPath);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Hostile_nesting_is_an_error_not_a_crash()
    {
        var yaml = "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var error = SingleError(yaml);

        Assert.Equal("(file)", error.KeyPath);
        Assert.Contains("nesting deeper than 64 levels", error.Message);
    }

    [Fact]
    public void All_errors_are_collected_not_just_the_first()
    {
        var errors = Errors("""
            server:
              urls: ftp://example.com
            storage:
              durability: fast
              queue_capacity: 5
              extra: 1
            pings:
              rate_limit: lots
            logging:
              level: loud
            """);

        Assert.Equal(
            [
                "server.urls: 'ftp://example.com' is not an absolute http:// or https:// URL",
                "storage.durability: must be one of commit, buffered (got 'fast')",
                "storage.queue_capacity: must be between 1000 and 10000000 (got 5)",
                "storage.extra: unknown key (known keys here: provider, data_dir, durability, queue_capacity, max_batch_size, flush_interval_ms, retention_days, retention_interval_minutes, retention_chunk_size)",
                "pings.rate_limit: must be an integer between 0 and 1000000000 (got 'lots')",
                "logging.level: must be one of trace, debug, information, warning, error, critical, none (got 'loud')",
            ],
            errors);
    }

    [Theory]
    [InlineData("64m", 67_108_864L)]
    [InlineData("64M", 67_108_864L)]
    [InlineData("1g", 1_073_741_824L)]
    [InlineData("1024k", 1_048_576L)]
    [InlineData("1048576", 1_048_576L)]
    public void Sizes_are_bytes(string size, long bytes)
    {
        Assert.Equal(bytes, Valid($"scaling:\n  shared_memory_size: {size}\n").Scaling.SharedMemorySizeBytes);
    }

    [Theory]
    [InlineData("64x", "must be a size: digits with an optional k, m or g suffix, like 64m (got '64x')")]
    [InlineData("64mb", "must be a size: digits with an optional k, m or g suffix, like 64m (got '64mb')")]
    [InlineData("-1", "must be a size: digits with an optional k, m or g suffix, like 64m (got '-1')")]
    [InlineData("512k", "must be between 1m and 1024g (got '512k')")]
    [InlineData("99999999999999999g", "must be between 1m and 1024g (got '99999999999999999g')")]
    public void Bad_sizes_are_errors(string size, string message)
    {
        var error = SingleError($"scaling:\n  shared_memory_size: {size}\n");

        Assert.Equal("scaling.shared_memory_size", error.KeyPath);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080;https://localhost:8443/")]
    public void Listen_urls_kestrel_accepts_are_valid(string urls)
    {
        Assert.Equal(urls.Split(';'), Valid($"server:\n  urls: \"{urls}\"\n").Server.Urls);
    }

    [Theory]
    [InlineData("urls: /relative", "server.urls: '/relative' is not an absolute http:// or https:// URL")]
    [InlineData("urls: http://localhost:8080/vigil", "server.urls: 'http://localhost:8080/vigil' must be scheme, host and port only (the server cannot listen on a path)")]
    [InlineData("urls: \" ; \"", "server.urls: must list at least one URL")]
    [InlineData("public_url: vigil.example.com", "server.public_url: must be an absolute http:// or https:// URL (got 'vigil.example.com')")]
    public void Bad_urls_are_errors(string line, string expected)
    {
        Assert.Equal(expected, SingleError($"server:\n  {line}\n").ToString());
    }

    [Fact]
    public void Postgres_is_recognised_but_not_available()
    {
        Assert.Equal("storage.provider: PostgreSQL storage is not available yet", SingleError("storage:\n  provider: postgres\n").ToString());
    }

    [Fact]
    public void An_empty_quoted_data_dir_is_an_error()
    {
        Assert.Equal("storage.data_dir: must not be empty", SingleError("storage:\n  data_dir: ''\n").ToString());
    }

    [Fact]
    public void Errors_print_as_key_path_and_message()
    {
        Assert.Equal("storage.durability: bad", new ConfigError("storage.durability", "bad").ToString());
        Assert.False(new ConfigResult(null, [new ConfigError("a", "b")]).IsValid);
        Assert.True(new ConfigResult(VigilOptions.Default, []).IsValid);
    }
}
