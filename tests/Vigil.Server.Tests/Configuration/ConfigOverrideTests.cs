using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Configuration.ConfigTestData;

namespace Vigil.Server.Tests.Configuration;

public sealed class ConfigOverrideTests
{
    private const string FileYaml = "storage:\n  durability: commit\n  data_dir: /from/file\n";

    [Fact]
    public void An_environment_variable_beats_the_file()
    {
        var options = Valid(FileYaml, Vars(("VIGIL_STORAGE__DURABILITY", "buffered")));

        Assert.Equal(Durability.Buffered, options.Storage.Durability);
        Assert.Equal("/from/file", options.Storage.DataDir);
    }

    [Fact]
    public void Nested_sections_use_a_double_underscore_per_level()
    {
        var options = Valid("", Vars(("VIGIL_BENCHMARKING__PERFORMANCE_THRESHOLDS__MAX_RESPONSE_TIME_MS", "50")));

        Assert.Equal(50, options.Benchmarking.PerformanceThresholds.MaxResponseTimeMs);
    }

    [Fact]
    public void Environment_names_are_case_insensitive()
    {
        Assert.Equal(5000, Valid("", Vars(("vigil_Storage__queue_capacity", "5000"))).Storage.QueueCapacity);
    }

    [Fact]
    public void Command_line_overrides_beat_the_environment_and_the_file()
    {
        var options = Valid(
            FileYaml,
            Vars(("VIGIL_STORAGE__DATA_DIR", "/from/env"), ("VIGIL_STORAGE__DURABILITY", "buffered")),
            new Dictionary<string, string?> { ["storage.data_dir"] = "/from/flag", ["server.urls"] = "http://127.0.0.1:0" });

        Assert.Equal("/from/flag", options.Storage.DataDir);
        Assert.Equal(Durability.Buffered, options.Storage.Durability);
        Assert.Equal(["http://127.0.0.1:0"], options.Server.Urls);
    }

    [Fact]
    public void An_empty_environment_value_means_the_default()
    {
        Assert.Equal("./data", Valid(FileYaml, Vars(("VIGIL_STORAGE__DATA_DIR", ""))).Storage.DataDir);
    }

    [Fact]
    public void Overrides_fill_sections_the_file_left_empty()
    {
        var options = Valid("pings:\nbenchmarking:\n", Vars(("VIGIL_PINGS__RATE_LIMIT", "7"), ("VIGIL_BENCHMARKING__PERFORMANCE_THRESHOLDS__MIN_THROUGHPUT_RPS", "9")));

        Assert.Equal((7, 9), (options.Pings.RateLimit, options.Benchmarking.PerformanceThresholds.MinThroughputRps));
    }

    [Fact]
    public void A_bad_environment_value_names_the_key_path_and_the_variable()
    {
        var error = SingleError(FileYaml, Vars(("VIGIL_STORAGE__DURABILITY", "fast")));

        Assert.Equal("storage.durability: must be one of commit, buffered (got 'fast') (from VIGIL_STORAGE__DURABILITY)", error.ToString());
    }

    [Fact]
    public void A_bad_override_value_says_it_came_from_the_command_line()
    {
        var error = SingleError("", overrides: new Dictionary<string, string?> { ["server.urls"] = "localhost:8080" });

        Assert.Equal("server.urls", error.KeyPath);
        Assert.EndsWith("(from command-line override)", error.Message);
    }

    [Theory]
    [InlineData("VIGIL_STORAGE__DURABILTY", "env:VIGIL_STORAGE__DURABILTY: unknown key (did you mean 'VIGIL_STORAGE__DURABILITY'?)")]
    [InlineData("VIGIL_STORGE__DATA_DIR", "env:VIGIL_STORGE__DATA_DIR: unknown key (did you mean 'VIGIL_STORAGE__DATA_DIR'?)")]
    [InlineData("VIGIL_NOTHING_LIKE_IT", "env:VIGIL_NOTHING_LIKE_IT: unknown key")]
    [InlineData("VIGIL_STORAGE", "env:VIGIL_STORAGE: names a section, not a key (set one of its keys, e.g. VIGIL_STORAGE__DATA_DIR)")]
    [InlineData("VIGIL_MONITORS", "env:VIGIL_MONITORS: monitors can only be set in the config file")]
    [InlineData("VIGIL_MONITORS__0__SLUG", "env:VIGIL_MONITORS__0__SLUG: monitors can only be set in the config file")]
    public void A_variable_naming_no_key_is_an_error(string name, string expected)
    {
        Assert.Equal(expected, SingleError("", Vars((name, "x"))).ToString());
    }

    [Fact]
    public void An_override_naming_no_key_is_an_error()
    {
        var error = SingleError("", overrides: new Dictionary<string, string?> { ["storage.data_dirr"] = "/x" });

        Assert.Equal("override:storage.data_dirr: unknown key (did you mean 'storage.data_dir'?)", error.ToString());
    }

    [Fact]
    public void Variables_without_the_vigil_prefix_are_ignored()
    {
        var options = Valid("", Vars(("PATH", "/usr/bin"), ("VIGILANT", "yes"), ("XVIGIL_STORAGE__DATA_DIR", "/x")));

        Assert.Equal("./data", options.Storage.DataDir);
    }

    [Fact]
    public void Vigil_api_key_sets_the_auth_api_key()
    {
        Assert.Equal("0123456789abcdef-key", Valid("", Vars(("VIGIL_API_KEY", "0123456789abcdef-key"))).Auth.ApiKey);
    }

    [Fact]
    public void Two_different_api_key_variables_conflict()
    {
        var error = SingleError("", Vars(("VIGIL_API_KEY", "0123456789abcdef-one"), ("VIGIL_AUTH__API_KEY", "0123456789abcdef-two")));

        Assert.Equal("env:VIGIL_API_KEY", error.KeyPath);
        Assert.DoesNotContain("abcdef", error.Message);
    }

    [Fact]
    public void Secrets_never_appear_in_errors()
    {
        const string ShortKey = "tiny-secret";
        const string BadPingKey = "has spaces, so invalid secret";

        var result = Load($"auth:\n  api_key: {ShortKey}\npings:\n  ping_key: \"{BadPingKey}\"\n");
        var fromEnv = Load("", Vars(("VIGIL_API_KEY", ShortKey), ("VIGIL_PINGS__PING_KEY", "x!")));

        Assert.Equal(["pings.ping_key", "auth.api_key"], result.Errors.Select(e => e.KeyPath));
        Assert.Equal(["pings.ping_key", "auth.api_key"], fromEnv.Errors.Select(e => e.KeyPath));
        foreach (var error in result.Errors.Concat(fromEnv.Errors))
        {
            Assert.Contains("(hidden)", error.Message);
            Assert.DoesNotContain(ShortKey, error.ToString());
            Assert.DoesNotContain(BadPingKey, error.ToString());
            Assert.DoesNotContain("x!", error.ToString());
        }
    }

    [Fact]
    public void Secrets_never_appear_when_options_are_printed()
    {
        var options = Valid("", Vars(("VIGIL_API_KEY", "api-key-0123456789"), ("VIGIL_PINGS__PING_KEY", "ping-key-0123456789")));

        Assert.DoesNotContain("api-key-0123456789", options.ToString());
        Assert.DoesNotContain("ping-key-0123456789", options.ToString());
        Assert.Contains("ApiKey = (hidden)", options.Auth.ToString());
        Assert.Contains("PingKey = (hidden)", options.Pings.ToString());
    }
}
