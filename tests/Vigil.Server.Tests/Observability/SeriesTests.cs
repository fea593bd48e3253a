using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vigil.Server.Configuration;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability;

/// <summary>The /metrics series move when Vigil does something: each host has its own meters, so counts start at zero.</summary>
public sealed class SeriesTests
{
    // Every scrape sees the latest figures; the page cache has its own tests.
    private static VigilOptions Uncached(VigilOptions o) => o with { Metrics = o.Metrics with { RefreshIntervalMs = 0 } };

    [Fact]
    public async Task Pings_CountedByKindAndOutcome_WithTheirLatency_AndTheWritesThatStoredThem()
    {
        await using var host = await VigilHost.StartAsync(Uncached);
        var id = (string)(await host.CreateMonitorAsync("nightly"))["id"]!;

        await host.PingAsync(id);
        await host.PingAsync(id);
        await host.PingAsync(id, "/start");
        await host.PingAsync(Guid.NewGuid().ToString(), expected: 404);
        await host.PingAsync(id, "/300", expected: 400);

        var page = await MetricsScrape.FetchAsync(host.Anonymous);
        Assert.Equal(2, page.Value("vigil_pings_total", ("kind", "success"), ("outcome", "accepted")));
        Assert.Equal(1, page.Value("vigil_pings_total", ("kind", "start"), ("outcome", "accepted")));
        Assert.Equal(1, page.Value("vigil_pings_total", ("kind", "success"), ("outcome", "not_found")));
        Assert.Equal(1, page.Value("vigil_pings_total", ("kind", "unknown"), ("outcome", "invalid")));
        Assert.Equal(3, page.Value("vigil_ping_duration_seconds_count", ("kind", "success"))); // every answer is timed, 404s too
        Assert.True(page.Value("vigil_write_batch_size_sum") >= 3, "the three accepted pings were written in batches");
        Assert.True(page.Value("vigil_write_commit_duration_seconds_count") >= 1);
        Assert.Equal(1, page.Value("vigil_monitors", ("status", "up"), ("type", "heartbeat")));
        Assert.Equal(0, page.Value("vigil_monitors", ("status", "down"), ("type", "heartbeat")));
        Assert.Equal(host.Options.Storage.QueueCapacity, page.Value("vigil_write_queue_capacity"));
        Assert.Equal(1, page.Value("vigil_state_changes_total", ("to", "up")));
    }

    [Fact]
    public async Task A_missed_deadline_moves_the_state_change_counter_and_the_lag_histogram()
    {
        await using var host = await VigilHost.StartAsync(Uncached);
        var id = (string)(await host.CreateMonitorAsync("hourly", period: 60, grace: 30))["id"]!;
        await host.PingAsync(id);

        host.Time.Advance(TimeSpan.FromSeconds(91));
        await Eventually.Get(() => host.StatusAsync(id), s => s == "down", "the monitor down");

        var page = await MetricsScrape.FetchAsync(host.Anonymous);
        Assert.Equal(1, page.Value("vigil_state_changes_total", ("to", "down")));
        Assert.Equal(1, page.Value("vigil_monitors", ("status", "down"), ("type", "heartbeat")));
        Assert.True(page.Value("vigil_deadline_lag_seconds_count") >= 1);
        Assert.True(page.Value("vigil_deadline_sweeps_total") >= 1);
    }

    [Fact]
    public async Task Check_runs_counted_by_type_status_and_error_with_latency_drift_and_scheduler_gauges()
    {
        await using var host = await VigilHost.StartAsync(Uncached);
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(new JsonObject
        {
            ["name"] = "socket", ["type"] = "tcp", ["host"] = "127.0.0.1", ["port"] = port, ["interval_seconds"] = 10,
        }));
        await HttpAssert.Expect(response, 201);
        var id = (string)(await HttpAssert.ReadObject(response))["id"]!;

        host.Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.Get(() => host.StatusAsync(id), s => s == "up", "the check up");

        var page = await Eventually.Get(() => MetricsScrape.FetchAsync(host.Anonymous),
            p => p.Value("vigil_check_runs_total", ("error", "none"), ("status", "up"), ("type", "tcp")) == 1, "the run counted");
        Assert.Equal(1, page.Value("vigil_check_duration_seconds_count", ("type", "tcp")));
        Assert.Equal(1, page.Value("vigil_scheduler_drift_seconds_count"));
        Assert.Equal(1, page.Value("vigil_monitors", ("status", "up"), ("type", "tcp")));
        Assert.True(page.Has("vigil_scheduler_queue_depth"));
        Assert.True(page.Has("vigil_scheduler_skipped_total", ("reason", "overlap")));
        Assert.True(page.Has("vigil_pool_connections", ("state", "idle"), ("type", "redis")));
    }

    [Fact]
    public async Task Api_key_lookups_show_as_cache_misses_then_hits()
    {
        await using var host = await VigilHost.StartAsync(Uncached);
        using var created = await host.Client.PostAsync("/api/v1/keys", VigilHost.Json(new JsonObject { ["name"] = "reader", ["scope"] = "read" }));
        await HttpAssert.Expect(created, 201);
        var secret = (string)(await HttpAssert.ReadObject(created))["key"]!;
        using var reader = new HttpClient { BaseAddress = host.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new("Bearer", secret);

        for (var i = 0; i < 3; i++)
            (await reader.GetAsync("/api/v1/monitors")).Dispose();

        var page = await MetricsScrape.FetchAsync(host.Anonymous);
        Assert.Equal(1, page.Value("vigil_cache_misses_total", ("cache", "api_keys")));
        Assert.Equal(2, page.Value("vigil_cache_hits_total", ("cache", "api_keys")));
        Assert.Equal(1, page.Value("vigil_cache_entries", ("cache", "api_keys")));
        Assert.True(page.Has("vigil_cache_entries", ("cache", "dns")));
    }
}
