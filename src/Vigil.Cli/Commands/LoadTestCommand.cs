using System.CommandLine;
using Vigil.LoadTest;
using Vigil.LoadTest.Reporting;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil loadtest steady|burst|ramp|soak|abuse</c>: drives a Vigil (or any healthchecks.io-style) ping endpoint
/// and reports what it saw. Exit codes: 0 passed; 1 the run failed its own checks; 2 bad options or a refused
/// target; 3 a figure regressed against <c>--baseline</c> beyond <c>--tolerance</c>.
/// </summary>
internal static class LoadTestCommand
{
    public const int Failed = 1;
    public const int Refused = 2;

    public static Command Create()
    {
        var scenario = new Argument<Scenario>("scenario") { Description = "steady, burst, ramp, soak or abuse" };
        var d = new LoadTestOptions();
        var url = new Option<Uri>("--url")
        {
            Description = $"Base URL of the server (default {LoadTestOptions.DefaultUrl}, where `vigil serve` listens)",
            DefaultValueFactory = _ => d.Url,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
                    return parsed;
                result.AddError($"--url: '{text}' is not an absolute http:// or https:// URL");
                return null;
            },
        };
        var monitors = new Option<int>("--monitors") { Description = "Monitors to ping (created, read from --ids, or listed through the API)", DefaultValueFactory = _ => d.Monitors };
        var rate = new Option<double>("--rate") { Description = "Requests per second (ramp: the first step; abuse: the good pings)", DefaultValueFactory = _ => d.Rate };
        var duration = DurationOption("--duration", "How long to run (500ms, 30s, 5m, 2h)", d.Duration);
        var connections = new Option<int>("--connections") { Description = "Concurrent connections (one request in flight each)", DefaultValueFactory = _ => d.Connections };
        var batch = new Option<int>("--batch") { Description = "Pings per request through POST /api/v1/pings (0: one ping URL per request)", DefaultValueFactory = _ => 0 };
        var create = new Option<bool>("--create") { Description = "Create the monitors through the API first (needs a write key) and delete them after" };
        var keep = new Option<bool>("--keep-monitors") { Description = "With --create: keep the monitors after the run" };
        var apiKey = new Option<string?>("--api-key") { Description = "API key (default: VIGIL_API_KEY)" };
        var ids = new Option<string?>("--ids") { Description = "File of monitors to ping: a UUID or ping-key/slug per line" };
        var outDir = new Option<string?>("--out") { Description = "Directory for result.json and report.html" };
        var baseline = new Option<string?>("--baseline") { Description = "A result.json to compare with; exit 3 when a figure regresses beyond --tolerance" };
        var tolerance = new Option<double>("--tolerance") { Description = "Allowed regression against --baseline, in %", DefaultValueFactory = _ => d.TolerancePercent };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Allow a target that is not on this machine (only a server you own)" };
        var timeout = DurationOption("--timeout", "Per-request timeout", d.RequestTimeout);
        var p99Limit = new Option<double>("--p99-limit") { Description = "Ramp: stop when a step's p99 passes this (ms)", DefaultValueFactory = _ => d.P99LimitMs };
        var step = DurationOption("--step-duration", "Ramp: length of each step", d.StepDuration);
        var factor = new Option<double>("--step-factor") { Description = "Ramp: each step's rate over the last", DefaultValueFactory = _ => d.StepFactor };
        var maxRate = new Option<double>("--max-rate") { Description = "Ramp: the highest rate tried", DefaultValueFactory = _ => d.MaxRate };
        var burstInterval = DurationOption("--burst-interval", "Burst: idle time before each burst", d.BurstInterval);
        var sample = DurationOption("--sample-interval", "Soak: how often /metrics is sampled", d.SampleInterval);
        var warmup = new Option<double>("--warmup") { Description = "Soak: share of the run left out of the memory trend", DefaultValueFactory = _ => d.WarmupFraction };
        var floodRate = new Option<double>("--flood-rate") { Description = "Abuse: pings per second at one monitor", DefaultValueFactory = _ => d.FloodRate };
        var slowClients = new Option<int>("--slow-clients") { Description = "Abuse: connections that never finish their headers", DefaultValueFactory = _ => d.SlowClients };
        var plain = new Option<bool>("--plain") { Description = "No live display: a progress line every few seconds" };

        var command = new Command("loadtest", "Drive a ping endpoint with a load scenario and report throughput, latency and errors")
        {
            scenario, url, monitors, rate, duration, connections, batch, create, keep, apiKey, ids, outDir, baseline, tolerance,
            allowRemote, timeout, p99Limit, step, factor, maxRate, burstInterval, sample, warmup, floodRate, slowClients, plain,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LoadTestOptions
            {
                Scenario = parse.GetValue(scenario),
                Url = parse.GetValue(url)!,
                Monitors = parse.GetValue(monitors),
                Rate = parse.GetValue(rate),
                Duration = parse.GetValue(duration),
                Connections = parse.GetValue(connections),
                Batch = parse.GetValue(batch),
                Create = parse.GetValue(create),
                KeepMonitors = parse.GetValue(keep),
                ApiKey = parse.GetValue(apiKey) ?? (Environment.GetEnvironmentVariable("VIGIL_API_KEY") is { Length: > 0 } k ? k : null),
                IdsFile = parse.GetValue(ids),
                OutDir = parse.GetValue(outDir),
                BaselineFile = parse.GetValue(baseline),
                TolerancePercent = parse.GetValue(tolerance),
                AllowRemote = parse.GetValue(allowRemote),
                RequestTimeout = parse.GetValue(timeout),
                P99LimitMs = parse.GetValue(p99Limit),
                StepDuration = parse.GetValue(step),
                StepFactor = parse.GetValue(factor),
                MaxRate = parse.GetValue(maxRate),
                BurstInterval = parse.GetValue(burstInterval),
                SampleInterval = parse.GetValue(sample),
                WarmupFraction = parse.GetValue(warmup),
                FloodRate = parse.GetValue(floodRate),
                SlowClients = parse.GetValue(slowClients),
            };
            return await RunAsync(options, parse.GetValue(plain), cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(LoadTestOptions options, bool plain, CancellationToken cancellationToken)
    {
        // Read the baseline first: a typo should not cost a whole run.
        LoadTestResult? baseline = null;
        try
        {
            if (options.BaselineFile is { } file)
                baseline = ResultJson.Read(file);
            if (options.OutDir is { } dir)
                Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is LoadTestException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(e is LoadTestException ? e.Message : $"--out: {e.Message}");
            return Refused;
        }

        var display = new LoadTestDisplay(plain);
        LoadTestResult result;
        try
        {
            result = await display.RunAsync(new LoadTestRunner(options, display), cancellationToken);
        }
        catch (LoadTestException e)
        {
            Console.Error.WriteLine(e.Message);
            return Refused;
        }
        display.Summary(result);

        if (options.OutDir is { } outDir)
        {
            await ResultJson.WriteAsync(result, Path.Combine(outDir, "result.json"), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(outDir, "report.html"), HtmlReport.Render(result), cancellationToken);
            Console.Error.WriteLine($"wrote {Path.Combine(outDir, "result.json")} and report.html");
        }
        if (baseline is not null)
        {
            var comparison = BaselineComparison.Compare(result, baseline, options.TolerancePercent);
            display.Comparison(comparison, options.TolerancePercent);
            if (comparison.Regressed)
                return comparison.ExitCode;
        }
        return result.Verdict.Passed ? 0 : Failed;
    }

    private static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
            if (DurationText.TryParse(text, out var value))
                return value;
            result.AddError($"{name}: '{text}' is not a duration (e.g. 500ms, 30s, 5m, 2h)");
            return default;
        },
    };
}
