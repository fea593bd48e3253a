using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability.Deploy;

/// <summary>
/// The shipped assets against a running Vigil: every name the dashboard and rules use is on its /metrics page,
/// promtool lints the page, and a real Prometheus scrapes it and loads the rules.
/// </summary>
public sealed class LiveScrapeTests
{
    private const int Pings = 5;

    /// <summary>promtool's naming lints that Vigil cannot follow: the .NET runtime's own meter names a few gauges
    /// "…_count" (dotnet.thread_pool.thread.count, dotnet.timer.count, …), which the spec's OTel conversion keeps.</summary>
    private static bool IsAcceptedLint(string line) =>
        line.StartsWith("dotnet_", StringComparison.Ordinal) && line.EndsWith("non-histogram and non-summary metrics should not have \"_count\" suffix", StringComparison.Ordinal);

    /// <summary>A host that has seen pings, a heartbeat gone down past its deadline, and failing tcp and mysql checks
    /// (the mysql one through a connection pool), so most series have moved.</summary>
    private static async Task<VigilHost> BusyHostAsync()
    {
        var host = await VigilHost.StartAsync();
        var heartbeat = (string)(await host.CreateMonitorAsync("scraped", period: 60, grace: 30))["id"]!;
        for (var i = 0; i < Pings; i++)
            await host.PingAsync(heartbeat);
        var port = ClosedPort();
        var tcp = await CreateAsync(host, new JsonObject
        {
            ["name"] = "closed", ["type"] = "tcp", ["host"] = "127.0.0.1", ["port"] = port, ["interval_seconds"] = 10,
        });
        var mysql = await CreateAsync(host, new JsonObject
        {
            ["name"] = "closed-db", ["type"] = "mysql", ["host"] = "127.0.0.1", ["port"] = port, ["user"] = "vigil", ["interval_seconds"] = 10,
        });
        host.Time.Advance(TimeSpan.FromSeconds(10));
        foreach (var id in new[] { tcp, mysql })
            await Eventually.Get(() => host.StatusAsync(id), s => s == "down", $"check {id} to run", seconds: 30);
        host.Time.Advance(TimeSpan.FromSeconds(100));
        await Eventually.Get(() => host.StatusAsync(heartbeat), s => s == "down", "the heartbeat to go down", seconds: 30);
        // A page is cached for metrics.refresh_interval_ms on the host's clock, and a build times itself after it is
        // written: scrape once and move the clock, so the next page is fresh and holds the build-time histogram.
        await ScrapeAsync(host);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        return host;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> CreateAsync(VigilHost host, JsonObject body)
    {
        using var created = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));
        await HttpAssert.Expect(created, 201);
        return (string)(await HttpAssert.ReadObject(created))["id"]!;
    }

    private static async Task<string> ScrapeAsync(VigilHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("text/plain; version=0.0.4");
        using var response = await host.Anonymous.SendAsync(request);
        await HttpAssert.Expect(response, 200);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<List<(string Where, string Expr)>> ShippedExpressionsAsync()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(RepoFiles.Dashboard))!;
        var rules = MetricNames.RuleExpressions(await File.ReadAllTextAsync(RepoFiles.RulesFile));
        return [.. MetricNames.DashboardExpressions(dashboard).Select(e => ("dashboard", e)), .. rules.Select(r => ($"rule {r.Rule}", r.Expr))];
    }

    [Fact]
    public async Task The_dashboard_and_the_rules_use_only_series_vigil_exposes()
    {
        await using var host = await BusyHostAsync();
        var exposed = new MetricNames.Exposed(await ScrapeAsync(host));

        var missing = (await ShippedExpressionsAsync())
            .SelectMany(e => MetricNames.InPromQl(e.Expr).Select(name => (e.Where, Name: name)))
            .Where(r => r.Name != MetricNames.Up && !exposed.Offers(r.Name))
            .Select(r => $"{r.Name} ({r.Where})").Distinct().ToList();
        Assert.True(missing.Count == 0, "not on /metrics: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Promtool_accepts_a_live_scrape()
    {
        await using var host = await BusyHostAsync();
        var page = await ScrapeAsync(host);

        var result = await Promtool.RunAsync(RepoFiles.Root, page, "check", "metrics");
        // 0: clean; 3: lint findings only (1 would be a page Prometheus cannot parse).
        Assert.True(result.ExitCode is 0 or 3, result.ToString());
        var findings = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(findings.All(IsAcceptedLint), result.ToString());
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_vigil_accepts_every_series_and_loads_the_rules()
    {
        await using var host = await BusyHostAsync();
        await using var prometheus = await PrometheusServer.StartAsync(host.BaseAddress, RepoFiles.RulesFile);
        var upBy = Environment.TickCount64 + 30_000;

        // Up after a scrape or two (the first may come before every series exists); down names its error.
        var target = await Eventually.Get(async () => (await prometheus.ApiAsync("api/v1/targets"))["activeTargets"]!.AsArray(),
            t => t.Count == 1 && (string?)t[0]!["health"] == "up" || t.Count == 1 && (string?)t[0]!["health"] == "down" && Environment.TickCount64 > upBy,
            "the target to be scraped", seconds: 90);
        Assert.True((string?)target[0]!["health"] == "up" && (string?)target[0]!["lastError"] == "", target.ToJsonString());
        Assert.Equal(PrometheusServer.Job, (string?)target[0]!["labels"]!["job"]);

        var pings = await Eventually.Get(() => prometheus.QueryAsync("sum(vigil_pings_total)"), r => r.Count == 1, "vigil_pings_total", seconds: 90);
        Assert.True(double.Parse((string)pings[0]!["value"]![1]!, System.Globalization.CultureInfo.InvariantCulture) >= Pings, pings.ToJsonString());
        // Prometheus stored every sample it scraped: none refused for a bad name, duplicate or out-of-order timestamp.
        var scraped = await prometheus.QueryAsync($"scrape_samples_scraped{{job=\"{PrometheusServer.Job}\"}}");
        Assert.True(double.Parse((string)scraped.Single()!["value"]![1]!, System.Globalization.CultureInfo.InvariantCulture) > 50, scraped.ToJsonString());

        // Each rule evaluates (health "ok", no error) once Prometheus has run it.
        var rules = await Eventually.Get(async () => (await prometheus.ApiAsync("api/v1/rules"))["groups"]!.AsArray()
                .SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!).ToList(),
            r => r.Count > 0 && r.All(x => (string?)x["health"] != "unknown"), "the rules to be evaluated", seconds: 90);
        Assert.Subset(rules.Select(r => (string)r["name"]!).ToHashSet(), DeployAssetTests.RequiredAlerts.ToHashSet());
        Assert.All(rules, r => Assert.True((string?)r["health"] == "ok" && string.IsNullOrEmpty((string?)r["lastError"]), r.ToJsonString()));

        // Every dashboard query parses and runs, with Grafana's variables filled in.
        foreach (var (where, expr) in await ShippedExpressionsAsync())
            await prometheus.QueryAsync(expr.Replace("$__rate_interval", "1m").Replace("$instance", ".*").Replace("$job", ".*"));
    }
}
