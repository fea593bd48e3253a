using static Vigil.Server.Tests.Configuration.ConfigTestData;

namespace Vigil.Server.Tests.Configuration;

public sealed class ConfigMonitorTests
{
    [Fact]
    public void Monitors_are_read_into_drafts()
    {
        var monitors = Valid("""
            monitors:
              - slug: nightly-backup
                name: Nightly backup
                type: heartbeat
                description: pg_dump to S3
                tags: [backup, "db:main"]
                period_seconds: 86400
                grace_seconds: 3600
              - slug: report
                cron: "30 6 * * 1-5"
                timezone: Europe/Berlin
            """).Monitors;

        Assert.Equal(2, monitors.Count);
        var backup = monitors[0];
        Assert.Equal(("nightly-backup", "Nightly backup", "heartbeat", "pg_dump to S3"), (backup.Slug, backup.Name, backup.Type, backup.Description));
        Assert.Equal(["backup", "db:main"], backup.Tags);
        Assert.Equal((86_400L, 3600L), (backup.PeriodSeconds, backup.GraceSeconds));
        Assert.Null(backup.Cron);
        Assert.Null(backup.Paused);
        var report = monitors[1];
        Assert.Equal(("30 6 * * 1-5", "Europe/Berlin"), (report.Cron, report.Timezone));
        Assert.Null(report.PeriodSeconds);
    }

    [Fact]
    public void A_monitor_without_a_slug_is_an_error()
    {
        var errors = Errors("""
            monitors:
              - name: Nightly backup
                period_seconds: 60
            """);

        Assert.Equal(["monitors[0].slug: is required in config (monitors are matched by slug)"], errors);
    }

    [Fact]
    public void Duplicate_slugs_are_an_error_at_the_later_item()
    {
        var errors = Errors("""
            monitors:
              - slug: backup
                period_seconds: 60
              - slug: other
                period_seconds: 60
              - slug: backup
                period_seconds: 120
            """);

        Assert.Equal(["monitors[2].slug: 'backup' is already used by monitors[0] (slugs must be unique)"], errors);
    }

    [Fact]
    public void A_bad_cron_expression_is_reported_at_its_key_path()
    {
        var result = Load("""
            monitors:
              - slug: a
                period_seconds: 60
              - slug: b
                cron: "61 * * * *"
            """);

        Assert.False(result.IsValid);
        Assert.Equal(["monitors[1].cron"], result.Errors.Select(e => e.KeyPath));
    }

    [Theory]
    [InlineData("period_seconds: 60\n    cron: \"* * * * *\"", "monitors[0].cron: give either period_seconds or cron, not both")]
    [InlineData("cron: \"* * * * *\"\n    timezone: Mars/Olympus_Mons", "monitors[0].timezone: 'Mars/Olympus_Mons' is not a known IANA time zone")]
    [InlineData("period_seconds: 0", "monitors[0].period_seconds: must be between 1 and 31622400 seconds")]
    [InlineData("period_seconds: 60\n    type: smtp", "monitors[0].type: 'smtp' is not a monitor type this server knows (known: heartbeat, http, tcp, dns, postgres, mysql, redis, mongodb)")]
    [InlineData("period_seconds: 60\n    tags: [\"has space\"]", "monitors[0].tags[0]: must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' or '/'")]
    [InlineData("grace_seconds: 60", "monitors[0].period_seconds: is required (or give cron and timezone)")]
    public void Monitor_field_errors_carry_the_item_prefix(string fields, string expected)
    {
        Assert.Equal([expected], Errors($"monitors:\n  - slug: m\n    {fields}\n"));
    }

    [Theory]
    [InlineData("type: http", "monitors[0].url: is required")]
    [InlineData("type: http\n    url: http://a/\n    expected_status: [\"2xx\"]", "monitors[0].expected_status: must be a list of status codes (100-599) or ranges such as \"200-299\"")]
    [InlineData("type: tcp\n    host: 127.0.0.1\n    port: 80\n    prot: 1", "monitors[0].prot: is not a field of tcp monitors (known: host, port, send, expect, tls, verify_tls, interval_seconds, timeout_seconds, priority, degraded_ms, failures_before_down, successes_before_up, fresh_connection)")]
    [InlineData("type: redis\n    host: 127.0.0.1\n    period_seconds: 60", "monitors[0].period_seconds: is a heartbeat field; redis monitors run on interval_seconds")]
    public void Active_monitor_fields_are_checked_by_the_api_rules_with_the_item_prefix(string fields, string expected)
    {
        Assert.Equal([expected], Errors($"monitors:\n  - slug: m\n    {fields}\n"));
    }

    [Fact]
    public void An_active_monitor_in_yaml_reads_like_its_json()
    {
        var draft = Assert.Single(Valid("""
            monitors:
              - slug: shop
                type: http
                url: https://shop.test/health
                interval_seconds: 30
                expected_status: [200, "300-302"]
                json:
                  - path: $.status
                    equals: ok
                  - path: $.db.latency
                    equals: 3
            """).Monitors);

        var errors = new List<Core.Monitors.FieldError>();
        var definition = draft.ToNewDefinition(Guid.NewGuid(), DateTimeOffset.UnixEpoch, errors);
        var spec = Assert.IsType<Core.Checks.Specs.HttpCheckSpec>(definition!.Check);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.Interval);
        Assert.Equal([new(200, 200), new(300, 302)], spec.ExpectedStatus);
        Assert.Equal([new("$.status", "\"ok\""), new("$.db.latency", "3")], spec.Json);
    }

    [Fact]
    public void A_bad_slug_is_reported_by_the_draft_rules()
    {
        Assert.Equal(
            ["monitors[0].slug: must be 1 to 100 lower-case letters, digits, '-' or '_', starting with a letter or digit"],
            Errors("monitors:\n  - slug: Not A Slug\n    period_seconds: 60\n"));
    }

    [Theory]
    [InlineData("period_seconds: soon", "monitors[0].period_seconds: must be an integer (got 'soon')")]
    [InlineData("period_seconds: 60\n    tags: backup", "monitors[0].tags: must be a list of strings")]
    [InlineData("period_seconds: 60\n    tags: [[a]]", "monitors[0].tags[0]: must be a string")]
    [InlineData("period_seconds: 60\n    perod_seconds: 60", "monitors[0].perod_seconds: unknown key (did you mean 'period_seconds'?)")]
    [InlineData("period_seconds: 60\n    paused: true", "monitors[0].paused: cannot be set in config (pause and resume through the API or CLI)")]
    public void Monitor_type_and_key_errors_are_reported_once(string fields, string expected)
    {
        Assert.Equal([expected], Errors($"monitors:\n  - slug: m\n    {fields}\n"));
    }

    [Fact]
    public void A_monitor_item_that_is_not_a_mapping_is_an_error()
    {
        Assert.Equal(["monitors[1]: must be a mapping"], Errors("monitors:\n  - slug: a\n    period_seconds: 60\n  - just-a-slug\n"));
    }
}
