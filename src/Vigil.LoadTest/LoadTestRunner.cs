using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Vigil.LoadTest.Driving;
using Vigil.LoadTest.Measuring;
using Vigil.LoadTest.Reporting;
using Vigil.LoadTest.Scenarios;
using Vigil.LoadTest.Targets;

namespace Vigil.LoadTest;

/// <summary>
/// Runs one load test end to end: checks the options and the target, finds or creates the monitors, samples the
/// server, runs the scenario, samples again, removes what it created, and builds the result.
/// </summary>
public sealed class LoadTestRunner(LoadTestOptions options, ILoadTestProgress? progress = null)
{
    private readonly ILoadTestProgress _progress = progress ?? NoProgress.Instance;

    /// <summary>Throws <see cref="LoadTestException"/> for anything the user must change; the message says what.</summary>
    public async Task<LoadTestResult> RunAsync(CancellationToken cancellationToken)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new LoadTestException(string.Join(Environment.NewLine, errors));
        if (await TargetGuard.CheckAsync(options.Url, options.AllowRemote, cancellationToken) is { } refused)
            throw new LoadTestException(refused);

        var baseUrl = options.BaseUrl;
        using var api = MonitorSource.ApiClient(options.ApiKey, TimeSpan.FromSeconds(30));
        var monitors = new MonitorSource(api, baseUrl);
        var startedAt = TimeProvider.System.GetUtcNow();
        var (targets, sourceName, created) = await TargetsAsync(monitors, startedAt, cancellationToken);
        try
        {
            // One connection per worker, kept for the run: connection set-up is not what is measured.
            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = options.Connections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseCookies = false,
                UseProxy = false,
                AllowAutoRedirect = false,
            };
            using var client = new HttpClient(handler, disposeHandler: false) { Timeout = options.RequestTimeout };
            var probe = new ServerProbe(api, baseUrl);
            var before = await probe.SampleAsync(0, cancellationToken);

            await WarmUpAsync(client, targets, cancellationToken);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var run = new RunContext(options, client, targets, probe, _progress);
            var outcome = options.Scenario switch
            {
                Scenario.Steady => await SteadyScenario.RunAsync(run, cancellationToken),
                Scenario.Burst => await BurstScenario.RunAsync(run, cancellationToken),
                Scenario.Ramp => await RampScenario.RunAsync(run, cancellationToken),
                Scenario.Soak => await SoakScenario.RunAsync(run, cancellationToken),
                Scenario.Abuse => await AbuseScenario.RunAsync(run, cancellationToken),
                _ => throw new LoadTestException($"unknown scenario {options.Scenario}"),
            };
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var elapsed = outcome.Main.ElapsedSeconds;
            var after = await probe.SampleAsync(Math.Max(elapsed, Stopwatch.GetElapsedTime(outcome.Main.StartTimestamp).TotalSeconds), cancellationToken);
            return Build(outcome, sourceName, startedAt, before, after, cpu, allocated, targets.Count);
        }
        finally
        {
            if (created && !options.KeepMonitors)
            {
                var failed = await monitors.DeleteAsync(targets, CancellationToken.None);
                _progress.Note(failed == 0 ? $"deleted the {targets.Count} monitors created for the run" : $"{failed} of the {targets.Count} created monitors could not be deleted");
            }
        }
    }

    /// <summary>
    /// Opens the connections and gets the hot code of both sides compiled before anything is measured: a cold
    /// first second would otherwise land in the first ramp step or a short run's p99. The first monitor is left
    /// out (abuse floods it, and its rate-limit window should start full).
    /// </summary>
    private async Task WarmUpAsync(HttpClient client, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        var rate = Math.Min(options.Rate, 2000);
        var count = Math.Min(1000, Math.Max(options.Connections * 4, rate / 2));
        var warm = targets.Count > 1 ? targets.Skip(1).ToList() : targets;
        var source = options.Batch > 0 ? new BatchRequests(options.BaseUrl, warm, options.Batch) : (IRequestSource)new PingRequests(options.BaseUrl, warm);
        var discard = new Recorder(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(count / rate + 1));
        _progress.Phase("warm-up", discard, TimeSpan.FromSeconds(count / rate));
        await OpenLoopDriver.RunAsync(client, source, new FixedRateSchedule(rate, TimeSpan.FromSeconds(count / rate)), options.Connections, discard, cancellationToken);
    }

    private async Task<(IReadOnlyList<string> Targets, string Source, bool Created)> TargetsAsync(MonitorSource monitors, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        if (options.Create)
        {
            if (options.ApiKey is null)
                throw new LoadTestException("--create: needs a write API key (--api-key or VIGIL_API_KEY)");
            var name = "loadtest-" + startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            _progress.Note($"creating {options.Monitors} monitors ({name}-*)");
            return (await monitors.CreateAsync(options.Monitors, name, cancellationToken), "created", true);
        }
        if (options.IdsFile is { } file)
        {
            if (!File.Exists(file))
                throw new LoadTestException($"--ids: {file} does not exist");
            return (MonitorSource.ReadFile(file, options.Monitors), "file", false);
        }
        if (options.ApiKey is null)
            throw new LoadTestException("no monitors to ping: give --create with --api-key (or VIGIL_API_KEY), --ids FILE, or --api-key to list them");
        return (await monitors.FetchAsync(options.Monitors, cancellationToken), "api", false);
    }

    private LoadTestResult Build(ScenarioOutcome outcome, string source, DateTimeOffset startedAt, ServerSample? before, ServerSample? after, double generatorCpu, long allocated, int monitorCount)
    {
        var o = options;
        var main = outcome.Main;
        var seconds = Math.Max(main.ElapsedSeconds, 1e-9);
        var failed = main.Requests - main.Succeeded;
        var errorRate = main.Requests == 0 ? 0 : failed / (double)main.Requests;
        var samples = outcome.Samples.ToList();
        var warmup = o.Duration.TotalSeconds * o.WarmupFraction;
        var reasons = new List<string>(outcome.Failures);
        if (main.Requests == 0)
            reasons.Add("no request was sent");
        if (o.Scenario is Scenario.Steady or Scenario.Soak && errorRate > 0)
            reasons.Add($"{failed} of {main.Requests} requests failed");
        // A backlog shows as answers still arriving after the schedule ended; a request's own latency is allowed for.
        var late = seconds - o.Duration.TotalSeconds;
        if (o.Scenario is Scenario.Steady or Scenario.Soak && main.Requests > 0 && late > Math.Max(1, 0.05 * o.Duration.TotalSeconds))
            reasons.Add($"did not keep up: {main.Requests / seconds:0} of {o.Rate:0} req/s answered; the last answer came {late:0.0} s after the schedule ended");
        double? serverCpu = before?.CpuSeconds is { } b && after?.CpuSeconds is { } a ? Math.Round(a - b, 3) : null;
        var wall = after is null || before is null ? 0 : after.AtSeconds - before.AtSeconds;
        return new LoadTestResult
        {
            Tool = "vigil loadtest " + (typeof(LoadTestRunner).Assembly.GetName().Version?.ToString() ?? "0"),
            Scenario = o.Scenario.ToString().ToLowerInvariant(),
            StartedAt = startedAt,
            DurationSeconds = Math.Round(seconds, 3),
            Config = new RunConfig(o.Url.ToString(), monitorCount, o.Rate, o.Duration.TotalSeconds, o.Connections, o.Batch, source,
                o.P99LimitMs, o.StepDuration.TotalSeconds, o.StepFactor, o.MaxRate, o.BurstInterval.TotalSeconds,
                o.SampleInterval.TotalSeconds, o.FloodRate, o.SlowClients, o.RequestTimeout.TotalSeconds),
            Machine = Machine(),
            Totals = new Totals(main.Requests, main.Succeeded, failed, main.Pings, Math.Round(main.Requests / seconds, 1), Math.Round(main.Pings / seconds, 1), Math.Round(errorRate, 6)),
            Latency = Percentiles.Of(main.Latency),
            ServiceTime = Percentiles.Of(main.ServiceTime),
            Histogram = [.. main.Latency.Buckets().Select(b => new HistogramBucket(b.LowNs / 1e6, b.HighNs / 1e6, b.Count))],
            SeriesIntervalSeconds = main.Series.IntervalSeconds,
            Series = main.Series.Points(),
            Errors = main.Errors.Snapshot(),
            Server = new ServerReport(before, after, serverCpu, serverCpu is { } c && wall > 0 ? Math.Round(c / wall, 3) : null, samples,
                Trends.Of(samples, s => s.RssBytes, warmup), Trends.Of(samples, s => s.GcHeapBytes, warmup)),
            Generator = new GeneratorReport("HttpClient (SocketsHttpHandler)", o.Connections, Math.Round(generatorCpu, 3),
                main.Requests == 0 ? 0 : Math.Round(generatorCpu * 1e6 / main.Requests, 2), main.Requests == 0 ? 0 : Math.Round(allocated / (double)main.Requests, 1)),
            Ramp = outcome.Ramp,
            Abuse = outcome.Abuse,
            Verdict = new Verdict(reasons.Count == 0, reasons),
        };
    }

    private static MachineInfo Machine()
    {
        string? cpu = null;
        try
        {
            cpu = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
        }
        return new MachineInfo(RuntimeInformation.OSDescription, cpu, Environment.ProcessorCount,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, Environment.Version.ToString(), Environment.MachineName);
    }
}
