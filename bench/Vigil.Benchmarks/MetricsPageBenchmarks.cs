using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Vigil.Benchmarks.Workloads;
using Vigil.Core.Caching;
using Vigil.Core.Checks;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;
using Vigil.Observability;
using Vigil.Observability.Collection;
using Vigil.Observability.Exposition;
using Vigil.Server.Observability.Metrics;

namespace Vigil.Benchmarks;

/// <summary>
/// The /metrics page with 10,000 monitors (9,000 heartbeat, 1,000 TCP checks) and per-monitor series on, plus
/// instruments shaped like Vigil's (ping, check, HTTP and storage families with their label sets) and the runtime's:
/// a cold build (what a scrape costs once per refresh interval) against a cached read (every other scrape).
/// </summary>
[MemoryDiagnoser]
public class MetricsPageBenchmarks
{
    private const int Monitors = 10_000;
    private readonly List<Meter> _meters = [];
    private MetricsCollector _collector = null!;
    private MetricsPage _cold = null!;
    private MetricsPage _cached = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scope = new object();
        var engine = LoadEngine();
        _collector = new MetricsCollector(scope);
        Instruments(scope);
        var series = new MonitorSeries(engine, 50_000, NewMeter(scope, "Vigil.System"));
        _cold = new MetricsPage(_collector, [series], TimeProvider.System, TimeSpan.Zero, new CacheStats("metrics_page"), NewMeter(scope, "Vigil.System"));
        _cached = new MetricsPage(_collector, [series], TimeProvider.System, TimeSpan.FromHours(1), new CacheStats("metrics_page"), NewMeter(scope, "Vigil.System"));
        _cached.GetAsync(ExpositionFormat.PrometheusText, gzip: true).AsTask().GetAwaiter().GetResult().Dispose();
        using var first = _cold.GetAsync(ExpositionFormat.PrometheusText, gzip: false).AsTask().GetAwaiter().GetResult();
        var size = first.Bytes.Length;
        Console.WriteLine($"// page: {size} bytes, {_collector.InstrumentCount} instruments");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector.Dispose();
        foreach (var meter in _meters)
            meter.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> ColdBuild()
    {
        using var page = await _cold.GetAsync(ExpositionFormat.PrometheusText, gzip: false);
        return page.Bytes.Length;
    }

    [Benchmark]
    public async Task<int> ColdBuildGzip()
    {
        using var page = await _cold.GetAsync(ExpositionFormat.PrometheusText, gzip: true);
        return page.Bytes.Length;
    }

    [Benchmark]
    public async Task<int> ColdBuildOpenMetrics()
    {
        using var page = await _cold.GetAsync(ExpositionFormat.OpenMetrics, gzip: false);
        return page.Bytes.Length;
    }

    [Benchmark]
    public async Task<int> CachedGzip()
    {
        using var page = await _cached.GetAsync(ExpositionFormat.PrometheusText, gzip: true);
        return page.Bytes.Length;
    }

    private static HeartbeatEngine LoadEngine()
    {
        var now = TimeProvider.System.GetUtcNow();
        var engine = new HeartbeatEngine(TimeProvider.System, new CompletedSink(), HeartbeatLimits.Default, TimeSpan.FromMilliseconds(100));
        var records = new List<MonitorRecord>(Monitors);
        for (var i = 0; i < Monitors; i++)
        {
            var active = i % 10 == 0;
            var definition = new MonitorDefinition(Guid.NewGuid(), $"monitor {i}", $"monitor-{i}", [], "", new SimpleSchedule(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)), false, now)
            {
                Check = active ? new Vigil.Core.Checks.Specs.TcpCheckSpec { Host = "127.0.0.1", Port = 5432 } : null,
            };
            var state = new MonitorStateRecord(i % 50 == 1 ? MonitorStatus.Down : MonitorStatus.Up, now, active ? null : now, now, null, null, 10);
            records.Add(new MonitorRecord(i + 1, definition, state));
        }
        engine.Load(records);
        foreach (var monitor in engine.Monitors.All)
            if (monitor.Definition.Check is not null)
                monitor.LastCheckResult = new CheckResult(monitor.Id, monitor.Seq, now, CheckStatus.Up, TimeSpan.FromMilliseconds(12.5), CheckError.None, "", null);
        return engine;
    }

    private Meter NewMeter(object scope, string name)
    {
        var meter = new Meter(new MeterOptions(name) { Scope = scope });
        _meters.Add(meter);
        return meter;
    }

    // Label sets as the spec has them, each series recorded once so it is on the page.
    private void Instruments(object scope)
    {
        var pings = NewMeter(scope, "Vigil.Pings");
        var pingCount = pings.CreateCounter<long>("vigil.pings", "{ping}", "Pings received");
        var pingDuration = pings.CreateHistogram<double>("vigil.ping.duration", "s", "Ping handling time");
        foreach (var kind in new[] { "success", "start", "fail", "log", "exit_code" })
        {
            foreach (var outcome in new[] { "accepted", "not_found", "not_heartbeat", "rate_limited", "rejected_backpressure", "invalid" })
                pingCount.Add(3, new("kind", kind), new("outcome", outcome));
            pingDuration.Record(0.002, new KeyValuePair<string, object?>("kind", kind));
        }

        var checks = NewMeter(scope, "Vigil.Checks");
        var runs = checks.CreateCounter<long>("vigil.check.runs", "{run}", "Check runs");
        var checkDuration = checks.CreateHistogram<double>("vigil.check.duration", "s", "Check time");
        var pool = checks.CreateHistogram<double>("vigil.pool.acquire.duration", "s", "Pool acquire wait");
        foreach (var type in new[] { "http", "tcp", "dns", "postgres", "mysql", "redis", "mongodb" })
        {
            foreach (var status in new[] { "up", "degraded", "down" })
                foreach (var error in status == "down" ? new[] { "dns", "connect", "timeout" } : ["none"])
                    runs.Add(5, new("type", type), new("status", status), new("error", error));
            checkDuration.Record(0.02, new KeyValuePair<string, object?>("type", type));
            pool.Record(0.0001, new KeyValuePair<string, object?>("type", type));
        }
        checks.CreateObservableGauge("vigil.scheduler.queue.depth", () => 3L, "{run}");
        checks.CreateObservableCounter("vigil.scheduler.skipped", () => new[] { new Measurement<long>(1, new KeyValuePair<string, object?>("reason", "overlap")), new Measurement<long>(0, new KeyValuePair<string, object?>("reason", "queue_full")) }, "{run}");

        var http = NewMeter(scope, "Vigil.Http");
        var request = http.CreateHistogram<double>("vigil.http.server.request.duration", "s", "HTTP request time");
        foreach (var route in new[] { "/ping/{uuid}", "/ping/{uuid}/fail", "/ping/{uuid}/start", "/api/v1/monitors", "/api/v1/monitors/{id}", "/metrics", "unmatched" })
            foreach (var method in new[] { "GET", "POST" })
                foreach (var status in new[] { "2xx", "4xx" })
                    request.Record(0.001, new("route", route), new("method", method), new("status_class", status));
        http.CreateUpDownCounter<long>("vigil.http.server.active_requests", "{request}").Add(1);

        var storage = NewMeter(scope, "Vigil.Storage");
        storage.CreateObservableGauge("vigil.write_queue.depth", () => 10L, "{item}");
        storage.CreateObservableGauge("vigil.write_queue.capacity", () => 10_000L, "{item}");
        storage.CreateHistogram<int>("vigil.write.batch.size", "{item}", null, null, new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] }).Record(40);
        storage.CreateHistogram<double>("vigil.write.commit.duration", "s").Record(0.003);
        storage.CreateObservableGauge("vigil.storage.data", () => 1L << 30, "By");

        var monitors = NewMeter(scope, "Vigil.Monitors");
        monitors.CreateObservableGauge("vigil.monitors", () => new[]
        {
            new Measurement<long>(8820, new("type", "heartbeat"), new("status", "up")),
            new Measurement<long>(180, new("type", "heartbeat"), new("status", "down")),
            new Measurement<long>(1000, new("type", "tcp"), new("status", "up")),
        }, "{monitor}");
    }
}
