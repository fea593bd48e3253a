using System.Text.Json;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Json;
using Vigil.Core.Checks.Specs;
using Vigil.Core.Monitors;

namespace Vigil.Core.Tests.Checks;

public class CheckSpecReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static MonitorDraft Draft(string type, string fieldsJson, string? name = "api") => new()
    {
        Name = name,
        Type = type,
        CheckFields = JsonDocument.Parse(fieldsJson).RootElement.Clone(),
    };

    private static (MonitorDefinition? Definition, List<FieldError> Errors) Create(MonitorDraft draft)
    {
        var errors = new List<FieldError>();
        return (draft.ToNewDefinition(Guid.NewGuid(), Now, errors), errors);
    }

    private static string Errors(List<FieldError> errors) => string.Join(" | ", errors.Select(e => $"{e.Field}: {e.Message}"));

    [Fact]
    public void An_http_monitor_needs_only_a_url_and_takes_defaults_for_the_rest()
    {
        var (definition, errors) = Create(Draft("http", """{"url": "https://example.test/health"}"""));

        Assert.Empty(errors);
        var spec = Assert.IsType<HttpCheckSpec>(definition!.Check);
        Assert.Equal("http", definition.Type);
        Assert.Equal(new Uri("https://example.test/health"), spec.Url);
        Assert.Equal(("GET", 60, 10, CheckPriority.Normal), (spec.Method, (int)spec.Interval.TotalSeconds, (int)spec.Timeout.TotalSeconds, spec.Priority));
        Assert.Equal([new StatusRange(200, 399)], spec.ExpectedStatus);
    }

    [Theory]
    [InlineData("http", "{}", "url: is required")]
    [InlineData("http", """{"url": "ftp://x"}""", "url: must be an absolute http:// or https:// URL")]
    [InlineData("tcp", """{"host": "db.local"}""", "port: is required")]
    [InlineData("tcp", """{"host": "bad host!", "port": 1}""", "host: 'bad host!' is not a host name or IP address")]
    [InlineData("dns", """{"hostname": "a.test", "record_type": "SRV"}""", "record_type: must be one of A, AAAA, CNAME, MX, NS, TXT")]
    [InlineData("dns", """{"hostname": "a.test", "resolver": "dns.google"}""", "resolver: 'dns.google' must be an IP address with an optional port (\"127.0.0.1:53\", \"[::1]:53\")")]
    [InlineData("redis", """{"host": "127.0.0.1", "port": 70000}""", "port: must be a whole number from 1 to 65535")]
    [InlineData("http", """{"url": "http://x/", "interval_seconds": 5, "timeout_seconds": 10}""", "timeout_seconds: must not be longer than interval_seconds (5)")]
    [InlineData("http", """{"url": "http://x/", "priority": "urgent"}""", "priority: must be one of critical, high, normal, low")]
    [InlineData("http", """{"url": "http://x/", "expected_status": ["2xx"]}""", "expected_status: must be a list of status codes (100-599) or ranges such as \"200-299\"")]
    [InlineData("http", """{"url": "http://x/", "body_regex": "("}""", "body_regex: is not a valid regular expression")]
    [InlineData("postgres", """{"host": "x"}""", "connection_string: is required")]
    public void Bad_fields_are_named(string type, string fields, string expected)
    {
        var (definition, errors) = Create(Draft(type, fields));

        Assert.Null(definition);
        Assert.Contains(expected, Errors(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_named_with_the_known_ones()
    {
        var (_, errors) = Create(Draft("tcp", """{"host": "127.0.0.1", "port": 80, "hostname": "x"}"""));

        var error = Assert.Single(errors);
        Assert.Equal("hostname", error.Field);
        Assert.StartsWith("is not a field of tcp monitors (known: host, port, send", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Heartbeat_and_active_fields_do_not_mix()
    {
        var (_, heartbeat) = Create(new MonitorDraft { Name = "job", PeriodSeconds = 60, CheckFields = JsonDocument.Parse("""{"url": "http://x/"}""").RootElement });
        Assert.Equal("url", Assert.Single(heartbeat).Field);

        var draft = Draft("http", """{"url": "http://x/"}""");
        draft.PeriodSeconds = 60;
        var (_, active) = Create(draft);
        Assert.Equal("period_seconds: is a heartbeat field; http monitors run on interval_seconds", Errors(active));
    }

    [Fact]
    public void An_update_keeps_what_it_does_not_name_and_cannot_change_the_type()
    {
        var (created, _) = Create(Draft("http", """{"url": "http://x/", "method": "HEAD", "interval_seconds": 30}"""));

        var errors = new List<FieldError>();
        var updated = Draft("http", """{"interval_seconds": 15}""", name: null).Apply(created!, errors);
        Assert.Empty(errors);
        var spec = Assert.IsType<HttpCheckSpec>(updated!.Check);
        Assert.Equal(("HEAD", 15), (spec.Method, (int)spec.Interval.TotalSeconds));

        Draft("tcp", """{"host": "x", "port": 1}""", name: null).Apply(created!, errors);
        Assert.Equal("type: cannot change from http to tcp (create a new monitor instead)", Errors(errors));
    }

    public static TheoryData<string, string> Specs => new()
    {
        { "http", """{"url": "https://x.test/a?b=1", "method": "POST", "headers": {"X-A": "1"}, "body": "{}", "follow_redirects": false, "max_redirects": 2, "expected_status": [200, "300-302"], "body_contains": "ok", "body_regex": "^o", "json": [{"path": "$.status", "equals": "up"}, {"path": "$.items[0]"}], "response_headers": [{"name": "content-type", "contains": "json"}], "max_response_ms": 900, "verify_tls": false, "cert_expiry_days": 14, "degraded_ms": 300, "failures_before_down": 3, "successes_before_up": 2, "priority": "critical", "interval_seconds": 10, "timeout_seconds": 5, "fresh_connection": true}""" },
        { "tcp", """{"host": "127.0.0.1", "port": 25, "send": "EHLO x\r\n", "expect": "^250", "tls": true, "verify_tls": false}""" },
        { "dns", """{"hostname": "a.test", "record_type": "MX", "resolver": "127.0.0.1:5353", "expected": ["10 mail.a.test"]}""" },
        { "postgres", """{"connection_string": "Host=127.0.0.1;Username=u;Password=p", "query": "select 1", "expected": "1"}""" },
        { "mysql", """{"host": "127.0.0.1", "port": 3307, "user": "u", "password": "p", "database": "app", "query": "select 1", "expected": "1"}""" },
        { "redis", """{"host": "127.0.0.1", "username": "u", "password": "p", "database": 2, "info": {"role": "master"}}""" },
        { "mongodb", """{"host": "127.0.0.1", "username": "u", "password": "p", "auth_database": "app"}""" },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void What_storage_writes_reads_back_the_same(string type, string fields)
    {
        var (definition, errors) = Create(Draft(type, fields));
        Assert.Empty(errors);

        var stored = CheckSpecWriter.ToJson(definition!.Check!, withSecrets: true);
        var readBack = CheckSpecReader.Read(type, JsonDocument.Parse(stored).RootElement, null, errors, "", new HashSet<string>());

        Assert.Empty(errors);
        Assert.Equal(stored, CheckSpecWriter.ToJson(readBack!, withSecrets: true));
    }

    [Fact]
    public void The_api_form_leaves_secrets_out()
    {
        var (mysql, _) = Create(Draft("mysql", """{"host": "127.0.0.1", "password": "hunter2"}"""));
        var (pg, _) = Create(Draft("postgres", """{"connection_string": "Host=db;Password=hunter2;Username=u"}"""));

        Assert.DoesNotContain("hunter2", CheckSpecWriter.ToJson(mysql!.Check!, withSecrets: false), StringComparison.Ordinal);
        Assert.Contains("\"connection_string\":\"Host=db;Username=u\"", CheckSpecWriter.ToJson(pg!.Check!, withSecrets: false), StringComparison.Ordinal);
    }
}
