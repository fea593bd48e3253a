using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Server.Observability.Logging;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability.Logging;

/// <summary>
/// Every log line a host writes, at the most verbose level, while it handles secrets: none may contain one. Request-time
/// lines carry the request id.
/// </summary>
public sealed class SecretLoggingTests
{
    private const string PostgresPassword = "pg-Secret-7f3a9c1e";
    private const string BadPostgresPassword = "pg-Secret-bad-5d2e";
    private const string MySqlPassword = "my-Secret-0b8d4a6f";
    private const string PingKey = "ping-Secret-key-2c9e71";
    private const string WrongToken = "vgl_wrong-Secret-token-91ab";

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> CreateAsync(VigilHost host, JsonObject body)
    {
        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));
        await HttpAssert.Expect(response, 201);
        return (string)(await HttpAssert.ReadObject(response))["id"]!;
    }

    [Fact]
    public async Task No_secret_reaches_a_log_line_on_the_create_ping_and_check_paths()
    {
        await using var host = await VigilHost.StartAsync(o => o with
        {
            Logging = o.Logging with { Level = LogLevel.Trace },
            Pings = o.Pings with { PingKey = PingKey },
        });
        var logs = new CapturedLogs();
        host.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var port = ClosedPort();

        var postgres = await CreateAsync(host, new JsonObject
        {
            ["name"] = "pg", ["type"] = "postgres", ["interval_seconds"] = 10, ["timeout_seconds"] = 5,
            ["connection_string"] = $"Host=127.0.0.1;Port={port};Username=vigil;Password={PostgresPassword};Database=app",
        });
        var badPostgres = await CreateAsync(host, new JsonObject
        {
            ["name"] = "pg-bad", ["type"] = "postgres", ["interval_seconds"] = 10,
            ["connection_string"] = $"Host=127.0.0.1;Password={BadPostgresPassword};NoSuchKeyword=1",
        });
        var mysql = await CreateAsync(host, new JsonObject
        {
            ["name"] = "my", ["type"] = "mysql", ["interval_seconds"] = 10, ["timeout_seconds"] = 5,
            ["host"] = "127.0.0.1", ["port"] = port, ["user"] = "vigil", ["password"] = MySqlPassword,
        });
        var heartbeat = (string)(await host.CreateMonitorAsync("beat", slug: "beat"))["id"]!;

        // API keys: a created one, and a wrong one.
        using var created = await host.Client.PostAsync("/api/v1/keys", VigilHost.Json("""{"name":"reader","scope":"read"}"""));
        await HttpAssert.Expect(created, 201);
        var readKey = (string)(await HttpAssert.ReadObject(created))["key"]!;
        using var wrong = new HttpClient { BaseAddress = host.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WrongToken);
        using (var denied = await wrong.GetAsync("/api/v1/monitors"))
            await HttpAssert.Expect(denied, 401);

        // Pings by id and by ping key, and a failing ping.
        await host.PingAsync(heartbeat);
        await host.PingAsync(heartbeat, "/fail");
        using (var bySlug = await host.Anonymous.GetAsync($"/ping/{PingKey}/beat"))
            await HttpAssert.Expect(bySlug, 200);
        using (var badSlug = await host.Anonymous.GetAsync($"/ping/{PingKey}/no-such-slug"))
            await HttpAssert.Expect(badSlug, 404);

        // The checks run and fail: nothing listens on the port, and one connection string is invalid.
        host.Time.Advance(TimeSpan.FromSeconds(10));
        foreach (var id in new[] { postgres, badPostgres, mysql })
            await Eventually.Get(() => host.GetMonitorAsync(id), m => (string?)m["status"] == "down", $"monitor {id} down", seconds: 30);

        // A request-time line: a short trace logs its start and end under the request's id.
        using (var trace = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/debug/trace?seconds=1"), HttpCompletionOption.ResponseHeadersRead))
        {
            await HttpAssert.Expect(trace, 200);
            var body = trace.Content.ReadAsByteArrayAsync();
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await body;
        }
        await Eventually.Get(() => Task.FromResult(logs.Lines.Count(l => l.Message.StartsWith("CPU trace", StringComparison.Ordinal))), n => n == 2, "both trace lines");

        var secrets = new[] { PostgresPassword, BadPostgresPassword, MySqlPassword, PingKey, WrongToken, readKey, VigilHost.WriteKey };
        var lines = logs.Lines.ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
            foreach (var secret in secrets)
                Assert.False(line.AllText.Contains(secret, StringComparison.Ordinal), $"a {line.Level} line of {line.Category} contains a secret: {line.AllText}");

        var traceLines = lines.Where(l => l.Message.StartsWith("CPU trace", StringComparison.Ordinal)).ToList();
        Assert.All(traceLines, l =>
        {
            Assert.False(string.IsNullOrEmpty(l.ScopeValue(RequestLog.RequestScope.RequestIdKey)));
            Assert.Equal("/api/v1/debug/trace", l.ScopeValue("Route"));
        });
        Assert.Single(traceLines.Select(l => l.ScopeValue(RequestLog.RequestScope.RequestIdKey)).Distinct());
    }

    [Fact]
    public void An_unhandled_error_is_logged_once_with_the_request_id_and_route()
    {
        var logs = new CapturedLogs();
        using var services = new ServiceCollection().AddLogging(l => l.AddProvider(logs)).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services, TraceIdentifier = "0HTEST:00000007" };
        context.Request.Method = "POST";

        UnhandledErrorLog.Write(context, new InvalidOperationException("boom"));

        var line = Assert.Single(logs.Lines);
        Assert.Equal((LogLevel.Error, UnhandledErrorLog.Category), (line.Level, line.Category));
        Assert.Equal("0HTEST:00000007", line.ScopeValue(RequestLog.RequestScope.RequestIdKey));
        Assert.Equal(("POST", "unmatched"), (line.ScopeValue("Method"), line.ScopeValue("Route")));
        Assert.Contains("boom", line.Exception);
    }
}
