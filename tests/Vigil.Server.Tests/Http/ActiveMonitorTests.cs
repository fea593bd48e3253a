using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Http;

/// <summary>Active monitors through the real host: the probes hit real sockets, the scheduler runs on the fake clock.</summary>
public sealed class ActiveMonitorTests
{
    private static async Task<JsonObject> CreateAsync(VigilHost host, JsonObject body)
    {
        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));
        await HttpAssert.Expect(response, 201);
        return await HttpAssert.ReadObject(response);
    }

    /// <summary>Moves the fake clock past one interval, then waits (in real time) for the run's verdict.</summary>
    private static Task<JsonObject> RunOnceAsync(VigilHost host, string id, int intervalSeconds, string expectedStatus)
    {
        host.Time.Advance(TimeSpan.FromSeconds(intervalSeconds));
        return Eventually.Get(() => host.GetMonitorAsync(id), m => (string?)m["status"] == expectedStatus, $"monitor {id} {expectedStatus}");
    }

    /// <summary>A verdict is live at once; its flip is stored by the writer a moment later.</summary>
    private static Task<List<JsonObject>> StoredFlipsAsync(VigilHost host, string id, int count) =>
        Eventually.Get(() => host.ReadAllAsync(id, "flips"), f => f.Count >= count, $"{count} stored flips");

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task An_http_monitor_of_vigils_own_health_endpoint_goes_up_with_its_last_result()
    {
        await using var host = await VigilHost.StartAsync();
        var created = await CreateAsync(host, new JsonObject
        {
            ["name"] = "self", ["type"] = "http", ["url"] = $"{host.BaseAddress}healthz", ["interval_seconds"] = 5,
            ["timeout_seconds"] = 5, ["body_contains"] = "Healthy",
        });
        var id = (string)created["id"]!;
        Assert.Equal(("http", "new", 5), ((string)created["type"]!, (string)created["status"]!, (int)created["interval_seconds"]!));
        Assert.Null(created["ping_url"]);
        Assert.Null(created["period_seconds"]);

        var monitor = await RunOnceAsync(host, id, 5, "up");

        var last = monitor["last_result"]!.AsObject();
        Assert.Equal(("up", "none", "HTTP 200"), ((string)last["status"]!, (string)last["error"]!, (string)last["message"]!));
        Assert.True((double)last["latency_ms"]! >= 0); // probes time themselves on the host's clock, which is fake here
        Assert.NotNull(last["phases"]!["total_ms"]);
        var flip = Assert.Single(await StoredFlipsAsync(host, id, 1));
        Assert.Equal("check passed: HTTP 200", (string)flip["reason"]!);
    }

    [Fact]
    public async Task Results_rollups_and_uptime_follow_the_runs()
    {
        await using var host = await VigilHost.StartAsync(o => o with { Checks = o.Checks with { RollupFlushSeconds = 0 } });
        var port = ClosedPort();
        var id = (string)(await CreateAsync(host, new JsonObject
        {
            ["name"] = "flaky", ["type"] = "tcp", ["host"] = "127.0.0.1", ["port"] = port, ["interval_seconds"] = 10,
        }))["id"]!;
        await RunOnceAsync(host, id, 10, "down");
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        for (var run = 0; run < 3; run++)
        {
            await RunOnceAsync(host, id, 10, "up");
            // The status stays up after the first of these, so wait for this run's own result: a slot that comes
            // while the run is still going is skipped as an overlap, and its result would never arrive.
            await Eventually.Get(() => host.ReadAllAsync(id, "results"), r => r.Count == run + 2, $"result {run + 2} stored");
        }

        var results = await host.ReadAllAsync(id, "results");
        Assert.Equal(["up", "up", "up", "down"], results.Select(r => (string)r["status"]!));
        Assert.Equal("connect", (string)results[3]["error"]!);

        using var rollups = await host.Client.GetAsync($"/api/v1/monitors/{id}/rollups?resolution=hour&from={Uri.EscapeDataString(host.Time.GetUtcNow().AddHours(-2).ToString("O"))}");
        await HttpAssert.Expect(rollups, 200);
        var buckets = (await HttpAssert.ReadObject(rollups))["rollups"]!.AsArray();
        Assert.Equal(4, buckets.Sum(b => (int)b!["count"]!));
        Assert.Equal(1, buckets.Sum(b => (int)b!["failures"]!));

        var uptime = (await host.GetMonitorAsync(id))["uptime"]!;
        Assert.Equal(75.0, (double)uptime["24h"]!);
        Assert.Equal(75.0, (double)uptime["30d"]!);
    }

    [Theory]
    [InlineData("resolution=day", "resolution")]
    [InlineData("from=yesterday", "from")]
    [InlineData("resolution=minute&from=2026-01-01T00:00:00Z&to=2026-01-05T00:00:00Z", "from")]
    public async Task Bad_rollup_queries_answer_400_naming_the_parameter(string query, string field)
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await CreateAsync(host, new JsonObject { ["name"] = "db", ["type"] = "tcp", ["host"] = "127.0.0.1", ["port"] = 1 }))["id"]!;

        using var response = await host.Client.GetAsync($"/api/v1/monitors/{id}/rollups?{query}");
        var problem = await HttpAssert.ExpectProblem(response, 400);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string)e!["field"]! == field);
    }

    [Fact]
    public async Task A_refused_tcp_port_takes_the_monitor_down_after_n_failures_naming_the_error()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await CreateAsync(host, new JsonObject
        {
            ["name"] = "closed", ["type"] = "tcp", ["host"] = "127.0.0.1", ["port"] = ClosedPort(), ["interval_seconds"] = 10,
            ["failures_before_down"] = 2,
        }))["id"]!;

        host.Time.Advance(TimeSpan.FromSeconds(10));
        var first = await Eventually.Get(() => host.GetMonitorAsync(id), m => m["last_result"] is not null, "first result");
        Assert.Equal("new", (string)first["status"]!); // one failure of the two needed
        Assert.Equal("connect", (string)first["last_result"]!["error"]!);

        await RunOnceAsync(host, id, 10, "down");
        var flip = Assert.Single(await StoredFlipsAsync(host, id, 1));
        Assert.StartsWith("2 failed checks in a row; last: connect: ", (string)flip["reason"]!);
    }

    [Fact]
    public async Task An_active_monitor_takes_no_pings()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await CreateAsync(host, new JsonObject { ["name"] = "db", ["type"] = "tcp", ["host"] = "127.0.0.1", ["port"] = 1 }))["id"]!;

        using var response = await host.Anonymous.GetAsync($"/ping/{id}");
        await HttpAssert.ExpectProblem(response, 409, "is an active tcp check that Vigil runs itself; it takes no pings");
    }

    [Theory]
    [InlineData("""{"name": "x", "type": "http"}""", "url", "is required")]
    [InlineData("""{"name": "x", "type": "http", "url": "http://a/", "port": 1}""", "port", "is not a field of http monitors")]
    [InlineData("""{"name": "x", "type": "redis", "host": "127.0.0.1", "interval_seconds": 0}""", "interval_seconds", "must be a whole number from 1 to 86400")]
    [InlineData("""{"name": "x", "type": "tcp", "host": "127.0.0.1", "port": 1, "period_seconds": 60}""", "period_seconds", "is a heartbeat field")]
    [InlineData("""{"name": "x", "period_seconds": 60, "url": "http://a/"}""", "url", "is not a field of heartbeat monitors")]
    public async Task Bad_check_fields_answer_400_naming_the_field(string body, string field, string message)
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));
        var problem = await HttpAssert.ExpectProblem(response, 400);
        var error = problem["errors"]!.AsArray().Select(e => e!.AsObject()).Single(e => (string)e["field"]! == field);
        Assert.Contains(message, (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patch_changes_the_check_and_secrets_never_come_back()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await CreateAsync(host, new JsonObject
        {
            ["name"] = "cache", ["type"] = "redis", ["host"] = "127.0.0.1", ["port"] = 6390, ["password"] = "hunter2",
        }))["id"]!;

        using var patch = await host.Client.PatchAsync($"/api/v1/monitors/{id}", VigilHost.Json("""{"port": 6391, "priority": "critical"}"""));
        await HttpAssert.Expect(patch, 200);
        var text = await patch.Content.ReadAsStringAsync();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        var view = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((6391, "critical"), ((int)view["port"]!, (string)view["priority"]!));

        using var wrongType = await host.Client.PatchAsync($"/api/v1/monitors/{id}", VigilHost.Json("""{"type": "http"}"""));
        await HttpAssert.ExpectProblem(wrongType, 400);
    }

    [Fact]
    public async Task An_active_monitor_and_its_status_survive_a_restart()
    {
        var host = await VigilHost.StartAsync();
        try
        {
            var id = (string)(await CreateAsync(host, new JsonObject
            {
                ["name"] = "closed", ["type"] = "tcp", ["host"] = "127.0.0.1", ["port"] = ClosedPort(), ["interval_seconds"] = 10,
            }))["id"]!;
            await RunOnceAsync(host, id, 10, "down");

            host = await host.RestartAsync();

            var monitor = await host.GetMonitorAsync(id);
            Assert.Equal(("tcp", "down", 10), ((string)monitor["type"]!, (string)monitor["status"]!, (int)monitor["interval_seconds"]!));
            Assert.Equal("connect", (string)monitor["last_result"]!["error"]!);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_stats_endpoint_counts_runs()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await CreateAsync(host, new JsonObject
        {
            ["name"] = "self", ["type"] = "http", ["url"] = $"{host.BaseAddress}healthz", ["interval_seconds"] = 5,
        }))["id"]!;
        await RunOnceAsync(host, id, 5, "up");

        using var response = await host.Client.GetAsync("/api/v1/checks/stats");
        await HttpAssert.Expect(response, 200);
        var scheduler = (await HttpAssert.ReadObject(response))["scheduler"]!;
        Assert.Equal(1, (int)scheduler["monitors"]!);
        Assert.True((long)scheduler["completed"]! >= 1);
    }
}
