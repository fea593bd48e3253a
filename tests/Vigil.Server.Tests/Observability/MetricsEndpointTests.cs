using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Observability.Metrics;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability;

public sealed class MetricsEndpointTests
{
    // Every scrape builds a fresh page: the fake clock does not move on its own.
    private static Task<VigilHost> StartAsync(MetricsOptions? metrics = null) =>
        VigilHost.StartAsync(o => o with { Metrics = (metrics ?? new MetricsOptions()) with { RefreshIntervalMs = 0 } });

    [Fact]
    public async Task Scrape_DefaultsToPrometheusText_WithVary_AndPassesPromtool()
    {
        await using var host = await StartAsync();

        await ScrapeAsync(host);
        using var response = await host.Anonymous.GetAsync("/metrics");
        await HttpAssert.Expect(response, 200);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(["Accept", "Accept-Encoding"], response.Headers.Vary);
        Assert.Contains("# TYPE vigil_metrics_page_build_duration_seconds histogram\n", page);
        Assert.Contains("\ndotnet_process_cpu_time_seconds_total{", page);
        await PromtoolAsync(page);
    }

    [Fact]
    public async Task AcceptOpenMetrics_GetsOpenMetrics()
    {
        await using var host = await StartAsync();
        await ScrapeAsync(host); // so the page's build-time histogram has a value
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        // What Prometheus sends.
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        using var response = await host.Anonymous.SendAsync(request);
        await HttpAssert.Expect(response, 200);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# UNIT vigil_metrics_page_build_duration_seconds seconds\n", page);
        Assert.EndsWith("# EOF\n", page);
    }

    [Fact]
    public async Task AcceptEncodingGzip_GetsAGzippedPage()
    {
        await using var host = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await host.Anonymous.SendAsync(request);
        await HttpAssert.Expect(response, 200);

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        await using var unzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(unzip);
        Assert.Contains("# TYPE ", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task BearerToken_WhenSet_IsRequired()
    {
        await using var host = await StartAsync(new MetricsOptions(BearerToken: "scrape-token-1234"));

        using (var missing = await host.Anonymous.GetAsync("/metrics"))
            await HttpAssert.ExpectProblem(missing, 401, "bearer token");
        // The API write key is not the metrics token.
        using (var wrong = await host.Client.GetAsync("/metrics"))
            await HttpAssert.ExpectProblem(wrong, 401);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "scrape-token-1234");
        using var right = await host.Anonymous.SendAsync(request);
        await HttpAssert.Expect(right, 200);
    }

    [Fact]
    public async Task Disabled_Is404()
    {
        await using var host = await StartAsync(new MetricsOptions(Enabled: false));
        using var response = await host.Anonymous.GetAsync("/metrics");
        await HttpAssert.ExpectProblem(response, 404);
    }

    [Fact]
    public async Task PerMonitorSeries_OnlyWhenOn_UpForPingedMonitors_NewOnesLeftOut()
    {
        await using var off = await StartAsync();
        await off.CreateMonitorAsync("off", slug: "off");
        Assert.DoesNotContain("vigil_monitor_up", await ScrapeAsync(off));

        await using var host = await StartAsync(new MetricsOptions(PerMonitor: true));
        var pinged = (string)(await host.CreateMonitorAsync("pinged", slug: "pinged"))["id"]!;
        var quiet = (string)(await host.CreateMonitorAsync("quiet", slug: "quiet"))["id"]!;
        await host.PingAsync(pinged);

        var page = await ScrapeAsync(host);

        Assert.Contains($"vigil_monitor_up{{monitor=\"{pinged}\",slug=\"pinged\",type=\"heartbeat\"}} 1\n", page);
        Assert.DoesNotContain(quiet, page);
        var epochSeconds = VigilHost.Epoch.ToUnixTimeSeconds();
        Assert.Contains($"vigil_monitor_last_ping_timestamp_seconds{{monitor=\"{pinged}\",slug=\"pinged\"}} {epochSeconds}\n", page);
        await PromtoolAsync(page);
    }

    [Fact]
    public async Task MaxSeries_CapsPerMonitorSeries_AndCountsTheDropped()
    {
        await using var host = await StartAsync(new MetricsOptions(PerMonitor: true, MaxSeries: 2));
        foreach (var name in new[] { "a", "b", "c" })
            await host.PingAsync((string)(await host.CreateMonitorAsync(name, slug: name))["id"]!);

        // Three up series and three last-ping series; the cap keeps two, and the next page shows the four dropped.
        await ScrapeAsync(host);
        var page = await ScrapeAsync(host);

        Assert.Equal(2, page.Split('\n').Count(l => l.StartsWith("vigil_monitor_", StringComparison.Ordinal)));
        Assert.Contains("vigil_metrics_series_dropped_total 4\n", page);
    }

    [Fact]
    public async Task SeriesMove_WhenInstrumentsRecord_AndEachHostShowsOnlyItsOwn()
    {
        await using var host = await StartAsync();
        await using var other = await StartAsync();
        using var meter = host.App.Services.GetRequiredService<IMeterFactory>().Create("Vigil.Test");
        var counter = meter.CreateCounter<long>("vigil.test.events", "{event}", "Test events");

        Assert.DoesNotContain("vigil_test_events", await ScrapeAsync(host));
        counter.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        Assert.Contains("vigil_test_events_total{kind=\"a\"} 2\n", await ScrapeAsync(host));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        Assert.Contains("vigil_test_events_total{kind=\"a\"} 5\n", await ScrapeAsync(host));
        Assert.DoesNotContain("vigil_test_events", await ScrapeAsync(other));
    }

    [Fact]
    public async Task RefreshInterval_ServesTheCachedPageUntilTheClockPassesIt()
    {
        await using var host = await VigilHost.StartAsync(o => o with { Metrics = new MetricsOptions(RefreshIntervalMs: 5000) });
        using var meter = host.App.Services.GetRequiredService<IMeterFactory>().Create("Vigil.Test");
        var counter = meter.CreateCounter<long>("vigil.test.events");

        counter.Add(1);
        Assert.Contains("vigil_test_events_total 1\n", await ScrapeAsync(host));
        counter.Add(1);
        Assert.Contains("vigil_test_events_total 1\n", await ScrapeAsync(host));
        host.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Contains("vigil_test_events_total 2\n", await ScrapeAsync(host));
    }

    private static async Task<string> ScrapeAsync(VigilHost host)
    {
        using var response = await host.Anonymous.GetAsync("/metrics");
        await HttpAssert.Expect(response, 200);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// <c>promtool check metrics</c> (Debian package prometheus, installed by scripts/test.sh): valid, and lint-clean
    /// except for the runtime's own names ending in _count (dotnet.timer.count, ...), which keep the conversion rule.
    /// </summary>
    private static async Task PromtoolAsync(string page)
    {
        var result = await Promtool.RunAsync(Path.GetTempPath(), page, "check", "metrics");
        var complaints = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !(line.StartsWith("dotnet_", StringComparison.Ordinal) && line.EndsWith("should not have \"_count\" suffix", StringComparison.Ordinal)))
            .ToList();
        Assert.True(result.ExitCode is 0 or 3 && complaints.Count == 0, $"promtool exited {result.ExitCode}: {string.Join('\n', complaints)}\n{page}");
    }
}
