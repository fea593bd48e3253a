using System.Net.Http.Headers;
using Vigil.LoadTest.Reporting;
using Vigil.LoadTest.Targets;
using Vigil.LoadTest.Tests.Support;

namespace Vigil.LoadTest.Tests.Scenarios;

/// <summary>Each scenario end to end against a real Vigil on loopback, for 3 s at most.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public async Task Steady_sends_at_the_rate_and_every_ping_is_accepted()
    {
        await using var server = await VigilServer.StartAsync();
        var result = await new LoadTestRunner(server.Options(Scenario.Steady, monitors: 20, rate: 300, seconds: 2)).RunAsync(CancellationToken.None);

        Assert.Equal(600, result.Totals.Requests); // the schedule's count, whatever the timing
        Assert.Equal(600, result.Totals.Succeeded);
        Assert.Equal(600, result.Totals.Pings);
        Assert.Empty(result.Errors);
        VerdictAssert.PassedOrMachineBusy(result.Verdict);
        Assert.True(result.Totals.RequestsPerSecond <= 330, "an open loop never sends faster than its rate"); // slower only when the machine is busy
        Assert.True(result.Latency.P50Ms > 0 && result.Latency.P50Ms <= result.Latency.P99Ms && result.Latency.P99Ms <= result.Latency.MaxMs);
        Assert.True(result.Latency.P99Ms >= result.ServiceTime.P99Ms * 0.99);
        Assert.InRange(result.Series.Count, 2, 3);
        Assert.Equal("created", result.Config.MonitorSource);
        Assert.Equal(20, result.Config.Monitors);
        Assert.NotNull(result.Server.Before?.RssBytes);
        Assert.NotNull(result.Server.After?.GcHeapBytes);
        Assert.True(result.Server.CpuSeconds > 0);
        // The monitors the run created are gone again.
        using var api = Api(server);
        var page = await api.GetStringAsync(new Uri(server.Url, "/api/v1/monitors"));
        Assert.Contains("\"total\":0", page.Replace(" ", ""));
    }

    [Fact]
    public async Task Steady_through_the_batch_endpoint_counts_pings_not_requests()
    {
        await using var server = await VigilServer.StartAsync();
        var options = server.Options(Scenario.Steady, monitors: 30, rate: 40, seconds: 1.5) with { Batch = 25 };
        var result = await new LoadTestRunner(options).RunAsync(CancellationToken.None);

        Assert.Equal(60, result.Totals.Requests);
        Assert.Equal(1500, result.Totals.Pings);
        Assert.Empty(result.Errors);
        Assert.True(result.Totals.PingsPerSecond > 20 * result.Totals.RequestsPerSecond);
    }

    [Fact]
    public async Task Burst_sends_every_monitor_at_once_after_each_idle_interval()
    {
        await using var server = await VigilServer.StartAsync();
        var options = server.Options(Scenario.Burst, monitors: 100, seconds: 2) with { BurstInterval = TimeSpan.FromSeconds(0.5) };
        var result = await new LoadTestRunner(options).RunAsync(CancellationToken.None);

        // Bursts at 0.5, 1.0 and 1.5 s, each of all 100 monitors; nothing in the first idle half second.
        Assert.Equal(300, result.Totals.Requests);
        Assert.Equal(300, result.Totals.Succeeded);
        VerdictAssert.PassedOrMachineBusy(result.Verdict);
        Assert.Equal(300, result.Series.Sum(p => p.Rps * result.SeriesIntervalSeconds));
        // All of a burst is due at one instant, so its last answer waits for the rest: p99 well over p50's floor.
        Assert.True(result.Latency.MaxMs >= result.Latency.P50Ms);
    }

    [Fact]
    public async Task Ramp_raises_the_rate_until_max_rate_when_the_limit_holds()
    {
        await using var server = await VigilServer.StartAsync();
        var options = server.Options(Scenario.Ramp, monitors: 20, rate: 50, seconds: 3) with
        {
            StepDuration = TimeSpan.FromSeconds(0.5), StepFactor = 2, MaxRate = 400, P99LimitMs = 10_000,
        };
        var result = await new LoadTestRunner(options).RunAsync(CancellationToken.None);

        var ramp = Assert.IsType<RampReport>(result.Ramp);
        Assert.Equal(new[] { 50.0, 100, 200, 400 }, ramp.Steps.Select(s => s.Rate));
        Assert.All(ramp.Steps, s => Assert.True(s.WithinLimits));
        Assert.Equal(new long[] { 25, 50, 100, 200 }, ramp.Steps.Select(s => s.Requests));
        Assert.Equal(400, ramp.KneeRate);
        Assert.Contains("--max-rate", ramp.StopReason);
        Assert.Equal(375, result.Totals.Requests); // the whole ramp, every step
    }

    [Fact]
    public async Task Ramp_stops_at_the_first_step_past_the_p99_limit()
    {
        await using var server = await VigilServer.StartAsync();
        // No answer comes back in a microsecond: the first step is past the limit, so there is no knee.
        var options = server.Options(Scenario.Ramp, monitors: 5, rate: 50, seconds: 3) with { StepDuration = TimeSpan.FromSeconds(0.4), P99LimitMs = 0.001 };
        var result = await new LoadTestRunner(options).RunAsync(CancellationToken.None);

        var ramp = Assert.IsType<RampReport>(result.Ramp);
        var step = Assert.Single(ramp.Steps);
        Assert.False(step.WithinLimits);
        Assert.Null(ramp.KneeRate);
        Assert.Contains("passed --p99-limit", ramp.StopReason);
    }

    [Fact]
    public async Task Soak_samples_the_server_and_reports_the_memory_trend()
    {
        await using var server = await VigilServer.StartAsync();
        var options = server.Options(Scenario.Soak, monitors: 20, rate: 200, seconds: 3) with { SampleInterval = TimeSpan.FromSeconds(0.25), WarmupFraction = 0.2 };
        var result = await new LoadTestRunner(options).RunAsync(CancellationToken.None);

        VerdictAssert.PassedOrMachineBusy(result.Verdict);
        Assert.InRange(result.Server.Samples.Count, 8, 14);
        Assert.True(result.Server.Samples.Zip(result.Server.Samples.Skip(1)).All(p => p.First.AtSeconds < p.Second.AtSeconds));
        var rss = Assert.IsType<MemoryTrend>(result.Server.Rss);
        Assert.NotNull(result.Server.GcHeap);
        Assert.Equal(0.6, rss.WarmupSeconds);
        Assert.True(rss.Samples >= 6);
        Assert.True(double.IsFinite(rss.GrowthPercent) && double.IsFinite(rss.SlopeBytesPerMinute));
        Assert.True(rss.FirstBytes > 10 << 20);
    }

    [Fact]
    public async Task Abuse_gets_4xx_and_429_never_5xx_while_good_pings_keep_succeeding()
    {
        await using var server = await VigilServer.StartAsync(rateLimit: 100);
        var options = server.Options(Scenario.Abuse, monitors: 21, rate: 200, seconds: 3) with { FloodRate = 100, SlowClients = 4 };
        var result = await new LoadTestRunner(options).RunAsync(CancellationToken.None);

        var abuse = Assert.IsType<AbuseReport>(result.Abuse);
        VerdictAssert.PassedOrMachineBusy(result.Verdict);
        Assert.True(abuse.ServerUp);
        Assert.True(abuse.GoodSuccessRate >= 0.99);
        Assert.Equal(new[] { "unknown_uuid", "malformed_path", "flood", "oversized_body", "slow_clients" }, abuse.Parts.Select(p => p.Name));
        foreach (var part in abuse.Parts)
        {
            Assert.True(part.Passed, $"{part.Name}: {string.Join(", ", part.Answers)}");
            Assert.DoesNotContain(part.Answers.Keys, k => k is "5xx" or "503");
        }
        var parts = abuse.Parts.ToDictionary(p => p.Name);
        Assert.Equal(parts["unknown_uuid"].Requests, parts["unknown_uuid"].Answers["404"]);
        // The limit is 100 per fixed 10 s window: 100 pass, or 200 when the run straddles a window's end.
        Assert.InRange(parts["flood"].Answers["2xx"], 100, 200);
        Assert.True(parts["flood"].Answers["429"] >= 100);
        Assert.True(parts["oversized_body"].Answers["413"] >= 10);
        Assert.Equal(4, parts["slow_clients"].Requests);
        Assert.Equal(4, parts["slow_clients"].Answers.Values.Sum());
        Assert.True(parts["malformed_path"].Answers.Keys.All(k => k.StartsWith('4')), string.Join(", ", parts["malformed_path"].Answers));
    }

    [Fact]
    public async Task Monitors_can_be_listed_through_the_api_or_read_from_a_file()
    {
        await using var server = await VigilServer.StartAsync();
        using var api = Api(server);
        var source = new MonitorSource(api, server.Url);
        var created = await source.CreateAsync(5, "listed", CancellationToken.None);
        var listed = await source.FetchAsync(100, CancellationToken.None);
        Assert.Equal(created.Order(), listed.Order());

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, ["# ids", .. created, ""]);
            var options = server.Options(Scenario.Steady, rate: 50, seconds: 1) with { Create = false, IdsFile = file, Monitors = 3 };
            var result = await new LoadTestRunner(options).RunAsync(CancellationToken.None);
            Assert.Equal("file", result.Config.MonitorSource);
            Assert.Equal(3, result.Config.Monitors);
            Assert.Equal(50, result.Totals.Succeeded);

            await File.WriteAllLinesAsync(file, ["not a monitor"]);
            var bad = await Assert.ThrowsAsync<LoadTestException>(() => new LoadTestRunner(options).RunAsync(CancellationToken.None));
            Assert.Contains("--ids", bad.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static HttpClient Api(VigilServer server)
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", VigilServer.WriteKey);
        return client;
    }
}
