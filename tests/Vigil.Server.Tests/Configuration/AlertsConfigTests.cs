using Vigil.Core.Alerts;
using static Vigil.Server.Tests.Configuration.ConfigTestData;

namespace Vigil.Server.Tests.Configuration;

public sealed class AlertsConfigTests
{
    [Fact]
    public void An_empty_file_gives_the_documented_defaults()
    {
        var alerts = Valid("").Alerts;

        Assert.Equal(AlertRules.Default, alerts.Defaults);
        Assert.Empty(alerts.TagDefaults);
        Assert.Equal((1440, 5, 300), (alerts.RetryForMinutes, alerts.RetryInitialSeconds, alerts.RetryMaxSeconds));
        Assert.Equal((60, 30), (alerts.StormPerMinute, alerts.ChannelPerMinute));
        Assert.Equal((10, 16), (alerts.SendTimeoutSeconds, alerts.MaxConcurrentSends));
        Assert.False(alerts.AllowShellChannel);
        Assert.Null(alerts.PublicUrl);
        Assert.Empty(alerts.SystemChannels);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var alerts = Valid("""
            alerts:
              defaults:
                remind_every_minutes: 240
                runs: {max_run_seconds: 3600}
                latency_p95: {above_ms: 800}
              tag_defaults:
                db:
                  remind_every_minutes: 30
                  flapping: {changes: 4, window_minutes: 15}
                "team:payments":
                  on_up: false
              retry_for_minutes: 60
              retry_initial_seconds: 2
              retry_max_seconds: 120
              storm_per_minute: 500
              channel_per_minute: 50
              send_timeout_seconds: 20
              max_concurrent_sends: 4
              allow_shell_channel: true
              public_url: https://vigil.example.com/
              system_channels: [ops-mail, " pager "]
            """).Alerts;

        Assert.Equal(AlertRules.Default with
        {
            RemindEvery = TimeSpan.FromHours(4),
            Runs = new RunRules(TimeSpan.FromHours(1), null, null),
            Latency = new LatencyRule(TimeSpan.FromMilliseconds(800), TimeSpan.FromMinutes(5), 5),
        }, alerts.Defaults);
        Assert.Equal(AlertRules.Default with { RemindEvery = TimeSpan.FromMinutes(30), Flapping = new FlappingRule(4, TimeSpan.FromMinutes(15)) }, alerts.TagDefaults["db"]);
        Assert.False(alerts.TagDefaults["team:payments"].OnUp);
        Assert.Equal((60, 2, 120, 500, 50, 20, 4), (alerts.RetryForMinutes, alerts.RetryInitialSeconds, alerts.RetryMaxSeconds,
            alerts.StormPerMinute, alerts.ChannelPerMinute, alerts.SendTimeoutSeconds, alerts.MaxConcurrentSends));
        Assert.True(alerts.AllowShellChannel);
        Assert.Equal(new Uri("https://vigil.example.com/"), alerts.PublicUrl);
        Assert.Equal(["ops-mail", "pager"], alerts.SystemChannels);
    }

    [Theory]
    [InlineData("alerts:\n  tag_defaults:\n    db:\n      flapping: {changes: 1}\n", "alerts.tag_defaults.db.flapping.changes: must be a whole number from 2 to 1000")]
    [InlineData("alerts:\n  defaults:\n    remind_every_minutes: often\n", "alerts.defaults.remind_every_minutes: must be a whole number from 0 to 43200, or null")]
    [InlineData("alerts:\n  defaults:\n    on_dwn: false\n", "alerts.defaults.on_dwn: is not an alert rule field here (known: on_down, on_up, remind_every_minutes, flapping, runs, latency_p95, failure_rate)")]
    [InlineData("alerts:\n  defaults: [1]\n", "alerts.defaults: must be an object of alert rules (or null for the defaults)")]
    [InlineData("alerts:\n  tag_defaults: [db]\n", "alerts.tag_defaults: must be a mapping of tag to alert rules")]
    [InlineData("alerts:\n  tag_defaults:\n    \"has space\": {}\n", "alerts.tag_defaults.has space: is not a tag: 1 to 64 characters of letters, digits, '-', '_', '.', ':' or '/'")]
    [InlineData("alerts:\n  retry_initial_seconds: 60\n  retry_max_seconds: 30\n", "alerts.retry_max_seconds: must not be less than retry_initial_seconds (60)")]
    [InlineData("alerts:\n  storm_per_minute: 0\n", "alerts.storm_per_minute: must be between 1 and 1000000 (got 0)")]
    [InlineData("alerts:\n  public_url: vigil.local\n", "alerts.public_url: must be an absolute http:// or https:// URL (got 'vigil.local')")]
    [InlineData("alerts:\n  system_channels: [ops, \"\"]\n", "alerts.system_channels[1]: must be a channel id or name of 1 to 200 characters")]
    [InlineData("alerts:\n  storm_per_minit: 5\n", "alerts.storm_per_minit: unknown key (did you mean 'storm_per_minute'?)")]
    public void Errors_name_the_key_path(string yaml, string expected)
    {
        Assert.Equal([expected], Errors(yaml));
    }

    [Fact]
    public void Scalar_keys_take_environment_overrides()
    {
        var alerts = Valid("alerts:\n  storm_per_minute: 100\n", Vars(("VIGIL_ALERTS__STORM_PER_MINUTE", "200"), ("VIGIL_ALERTS__ALLOW_SHELL_CHANNEL", "true"))).Alerts;

        Assert.Equal(200, alerts.StormPerMinute);
        Assert.True(alerts.AllowShellChannel);
    }

    [Fact]
    public void Rules_objects_can_only_be_set_in_the_file()
    {
        Assert.Equal(
            ["env:VIGIL_ALERTS__DEFAULTS__ON_DOWN: alerts.defaults can only be set in the config file"],
            Errors("", Vars(("VIGIL_ALERTS__DEFAULTS__ON_DOWN", "false"))));
    }
}
