using System.CommandLine;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Vigil.Cli.Commands;
using Vigil.LoadTest.Reporting;
using Vigil.LoadTest.Targets;
using Vigil.LoadTest.Tests.Support;

namespace Vigil.LoadTest.Tests.Cli;

/// <summary>`vigil loadtest` as a user runs it (in-process): files written, baseline exit codes, refusals.</summary>
public sealed class LoadTestCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-loadtest-cli-" + Guid.NewGuid().ToString("N"));

    public LoadTestCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<int> Vigil(params string[] args) =>
        new RootCommand { LoadTestCommand.Create() }.Parse(args).InvokeAsync();

    private static string[] Steady(VigilServer server, params string[] more) =>
        ["loadtest", "steady", "--url", server.Url.ToString(), "--create", "--api-key", VigilServer.WriteKey,
         "--monitors", "10", "--rate", "200", "--duration", "1.5s", "--connections", "4", "--plain", .. more];

    [Fact]
    public async Task Writes_a_well_formed_result_json_and_a_self_contained_report()
    {
        await using var server = await VigilServer.StartAsync();
        var outDir = Path.Combine(_dir, "out");
        VerdictAssert.PassedOrMachineBusy(await Vigil(Steady(server, "--out", outDir)), outDir);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "result.json")))!.AsObject();
        Assert.Equal(LoadTestResult.CurrentSchemaVersion, (int)json["schema_version"]!);
        Assert.Equal("steady", (string)json["scenario"]!);
        Assert.Equal(300, (long)json["totals"]!["requests"]!);
        foreach (var key in new[] { "config", "machine", "totals", "latency", "service_time", "histogram", "series", "errors", "server", "generator", "verdict" })
            Assert.True(json.ContainsKey(key), $"result.json has no {key}");
        foreach (var key in new[] { "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms" })
            Assert.True((double)json["latency"]![key]! > 0, key);
        Assert.True(json["series"]!.AsArray().Count >= 2);
        Assert.Equal(300, json["histogram"]!.AsArray().Sum(b => (long)b!["count"]!));
        Assert.NotNull(ResultJson.Read(Path.Combine(outDir, "result.json")));

        var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Latency over time", html);
        Assert.Contains("Throughput over time", html);
        Assert.Contains("Latency histogram", html);
        // Each chart is well-formed SVG with something drawn in it.
        var svgs = html.Split("<svg").Skip(1).Select(s => "<svg" + s[..(s.IndexOf("</svg>", StringComparison.Ordinal) + 6)]).ToList();
        Assert.True(svgs.Count >= 3);
        foreach (var svg in svgs)
        {
            var doc = XDocument.Parse(svg);
            Assert.Contains(doc.Descendants(), e => e.Name.LocalName is "polyline" or "rect");
        }
    }

    [Fact]
    public async Task Exits_3_when_a_figure_regresses_beyond_the_tolerance_and_0_otherwise()
    {
        await using var server = await VigilServer.StartAsync();
        var outDir = Path.Combine(_dir, "first");
        VerdictAssert.PassedOrMachineBusy(await Vigil(Steady(server, "--out", outDir)), outDir);
        var first = ResultJson.Read(Path.Combine(outDir, "result.json"));

        // A baseline ten times faster: this run's throughput and latency regress.
        var better = first with
        {
            Totals = first.Totals with { RequestsPerSecond = first.Totals.RequestsPerSecond * 10, PingsPerSecond = first.Totals.PingsPerSecond * 10 },
            Latency = first.Latency with { P50Ms = first.Latency.P50Ms / 10, P99Ms = first.Latency.P99Ms / 10, P999Ms = first.Latency.P999Ms / 10 },
        };
        var worse = first with
        {
            Totals = first.Totals with { RequestsPerSecond = first.Totals.RequestsPerSecond / 10, PingsPerSecond = first.Totals.PingsPerSecond / 10 },
            Latency = first.Latency with { P50Ms = first.Latency.P50Ms * 100, P99Ms = first.Latency.P99Ms * 100, P999Ms = first.Latency.P999Ms * 100 },
        };
        var betterFile = Path.Combine(_dir, "better.json");
        var worseFile = Path.Combine(_dir, "worse.json");
        await ResultJson.WriteAsync(better, betterFile, CancellationToken.None);
        await ResultJson.WriteAsync(worse, worseFile, CancellationToken.None);

        Assert.Equal(3, await Vigil(Steady(server, "--baseline", betterFile)));
        var againDir = Path.Combine(_dir, "again");
        VerdictAssert.PassedOrMachineBusy(await Vigil(Steady(server, "--baseline", worseFile, "--out", againDir)), againDir);
    }

    [Fact]
    public async Task Refuses_a_remote_target_without_allow_remote_before_sending_anything()
    {
        // 192.0.2.1 is reserved for documentation: nothing is there, and nothing is sent to it.
        var ids = Path.Combine(_dir, "ids.txt");
        await File.WriteAllTextAsync(ids, Guid.NewGuid() + "\n");
        Assert.Equal(2, await Vigil("loadtest", "steady", "--url", "http://192.0.2.1:8080", "--ids", ids, "--duration", "1s", "--plain"));

        var refused = await Assert.ThrowsAsync<LoadTestException>(() => new LoadTestRunner(new LoadTestOptions { Url = new Uri("http://192.0.2.1:8080"), IdsFile = ids }).RunAsync(CancellationToken.None));
        Assert.Contains("not a loopback address", refused.Message);
        Assert.Contains("--allow-remote", refused.Message);

        Assert.Null(await TargetGuard.CheckAsync(new Uri("http://localhost:8080"), allowRemote: false, CancellationToken.None));
        Assert.Null(await TargetGuard.CheckAsync(new Uri("http://127.0.0.2:8080"), allowRemote: false, CancellationToken.None));
        Assert.Null(await TargetGuard.CheckAsync(new Uri("http://[::1]:8080"), allowRemote: false, CancellationToken.None));
        Assert.Null(await TargetGuard.CheckAsync(new Uri("http://192.0.2.1:8080"), allowRemote: true, CancellationToken.None));
    }

    [Fact]
    public async Task Refuses_absurd_values_naming_the_option()
    {
        var errors = new LoadTestOptions { Rate = 0, Duration = TimeSpan.FromDays(2), Connections = 100_000, Batch = -1, Monitors = 0 }.Validate();
        Assert.Contains(errors, e => e.StartsWith("--rate:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--duration:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--connections:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--batch:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--monitors:", StringComparison.Ordinal));
        Assert.Empty(new LoadTestOptions().Validate());

        Assert.Equal(2, await Vigil("loadtest", "steady", "--rate", "5000000", "--plain"));
        Assert.NotEqual(0, await Vigil("loadtest", "steady", "--duration", "forever", "--plain"));
        Assert.NotEqual(0, await Vigil("loadtest", "steady", "--url", "ftp://127.0.0.1", "--plain"));
        Assert.Equal(2, await Vigil("loadtest", "steady", "--baseline", Path.Combine(_dir, "missing.json"), "--plain"));
    }

    [Fact]
    public void Duration_text_takes_units()
    {
        Assert.True(DurationText.TryParse("500ms", out var d) && d == TimeSpan.FromMilliseconds(500));
        Assert.True(DurationText.TryParse("1.5s", out d) && d == TimeSpan.FromSeconds(1.5));
        Assert.True(DurationText.TryParse("5m", out d) && d == TimeSpan.FromMinutes(5));
        Assert.True(DurationText.TryParse("2h", out d) && d == TimeSpan.FromHours(2));
        Assert.True(DurationText.TryParse("30", out d) && d == TimeSpan.FromSeconds(30));
        Assert.False(DurationText.TryParse("soon", out _));
        Assert.False(DurationText.TryParse("-3s", out _));
    }

    [Fact]
    public void Baseline_comparison_flags_each_regressed_figure()
    {
        var baseline = Sample(rps: 1000, p50: 1, p99: 5, p999: 10, errorRate: 0);
        Assert.False(BaselineComparison.Compare(Sample(950, 1.05, 5.4, 10.9, 0), baseline, 10).Regressed);
        var slower = BaselineComparison.Compare(Sample(850, 1, 5, 10, 0), baseline, 10);
        Assert.True(slower.Regressed);
        Assert.Equal(3, slower.ExitCode);
        Assert.Equal("throughput (req/s)", slower.Rows.First(r => r.Regressed).Figure);
        Assert.Equal(-15, slower.Rows[0].ChangePercent);
        Assert.True(BaselineComparison.Compare(Sample(1000, 1, 6, 10, 0), baseline, 10).Rows.Single(r => r.Regressed).Figure == "p99 (ms)");
        Assert.True(BaselineComparison.Compare(Sample(1000, 1, 5, 10, 0.01), baseline, 10).Rows.Single(r => r.Regressed).Figure == "error rate");
        Assert.False(BaselineComparison.Compare(Sample(1000, 1, 5, 10, 0.00005), baseline, 10).Regressed);
        Assert.Equal(0, BaselineComparison.Compare(Sample(1000, 1, 5, 10, 0), baseline, 10).ExitCode);
    }

    private static LoadTestResult Sample(double rps, double p50, double p99, double p999, double errorRate) => new()
    {
        Tool = "test",
        Scenario = "steady",
        StartedAt = DateTimeOffset.UnixEpoch,
        DurationSeconds = 10,
        Config = new RunConfig("http://127.0.0.1:8080/", 10, 1000, 10, 32, 0, "file", 5, 5, 1.5, 100_000, 2, 10, 200, 16, 10),
        Machine = new MachineInfo("linux", null, 2, 1, "10", "test"),
        Totals = new Totals((long)(rps * 10), (long)(rps * 10 * (1 - errorRate)), (long)(rps * 10 * errorRate), (long)(rps * 10), rps, rps, errorRate),
        Latency = new Percentiles(p50, p50 * 2, p99, p999, p999 * 2, p50, 0.1),
        ServiceTime = new Percentiles(p50, p50 * 2, p99, p999, p999 * 2, p50, 0.1),
        Histogram = [],
        SeriesIntervalSeconds = 1,
        Series = [],
        Errors = new Dictionary<string, long>(),
        Server = new ServerReport(null, null, null, null, [], null, null),
        Generator = new GeneratorReport("test", 32, 0, 0, 0),
        Verdict = new Verdict(true, []),
    };

    [Fact]
    public void Result_json_round_trips_and_rejects_other_schema_versions()
    {
        var result = Sample(1000, 1, 5, 10, 0);
        var path = Path.Combine(_dir, "r.json");
        File.WriteAllText(path, ResultJson.Serialize(result));
        Assert.Equal(result.Totals, ResultJson.Read(path).Totals);
        File.WriteAllText(path, ResultJson.Serialize(result with { SchemaVersion = 99 }));
        Assert.Contains("schema version 99", Assert.Throws<LoadTestException>(() => ResultJson.Read(path)).Message);
        File.WriteAllText(path, "not json");
        Assert.Contains("--baseline", Assert.Throws<LoadTestException>(() => ResultJson.Read(path)).Message);
        Assert.Contains("\"requests_per_second\"", ResultJson.Serialize(result));
        Assert.Contains("no data", HtmlReport.Render(result)); // a result without series still renders
    }
}
