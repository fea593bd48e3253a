using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Observability.Requests;
using Vigil.Server.Observability.Resources;
using Vigil.Server.Observability.Thresholds;

namespace Vigil.Server.Tests.Observability.Thresholds;

public sealed class ThresholdMonitorTests : IDisposable
{
    private static readonly RouteEndpoint Monitors = new(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/monitors"), 0, EndpointMetadataCollection.Empty, "monitors");
    private static readonly RouteEndpoint Trace = new(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/debug/trace"), 0, EndpointMetadataCollection.Empty, "trace");

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly List<ThresholdChange> _changes = [];
    private readonly RequestWindows _windows;
    private readonly ThresholdMonitor _monitor;
    private readonly MetricRecorder _breaches;
    private readonly MetricRecorder _breached;

    public ThresholdMonitorTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _breaches = new MetricRecorder(meters, "vigil.threshold.breaches");
        _breached = new MetricRecorder(meters, "vigil.threshold.breached");
        _windows = new RequestWindows(_time);
        _time.Advance(TimeSpan.FromMinutes(10));
        _monitor = new ThresholdMonitor(new ThresholdOptions { MaxResponseTimeMs = 100, MaxMemoryUsageMb = 128, MinThroughputRps = 1000 }, meters, NullLogger<ThresholdMonitor>.Instance);
        _monitor.Changed += _changes.Add;
    }

    [Fact]
    public void AQuietServer_BreachesNothing()
    {
        _monitor.Evaluate(Sample(rssMb: 60), _windows);
        Record(Monitors, count: 5, ms: 900); // slow, but five requests prove little

        _monitor.Evaluate(Sample(rssMb: 60), _windows);

        Assert.Empty(_changes);
        Assert.All(_monitor.States, s => Assert.False(s.Breached));
        var latency = _monitor.States.Single(s => s.Threshold == ThresholdNames.MaxResponseTime);
        Assert.False(latency.Judged);
        Assert.False(_monitor.States.Single(s => s.Threshold == ThresholdNames.MinThroughput).Judged);
    }

    [Fact]
    public void ACrossing_IsReportedOnce_AndItsRecoveryToo()
    {
        Record(Monitors, count: 100, ms: 250);

        _monitor.Evaluate(Sample(rssMb: 60), _windows);
        _monitor.Evaluate(Sample(rssMb: 60), _windows);

        var change = Assert.Single(_changes);
        Assert.Equal(ThresholdNames.MaxResponseTime, change.Threshold);
        Assert.True(change.Breached);
        Assert.InRange(change.Value!.Value, 200, 320);
        Assert.Equal(1, _breaches.Read().Sum(m => m.Value));
        Assert.Contains(_breached.Read(), m => m.Value == 1 && (string?)m.Tags["threshold"] == ThresholdNames.MaxResponseTime);

        _time.Advance(TimeSpan.FromMinutes(2));
        _monitor.Evaluate(Sample(rssMb: 60), _windows);

        Assert.Equal(2, _changes.Count);
        Assert.False(_changes[1].Breached);
        Assert.Equal(1, _monitor.States.Single(s => s.Threshold == ThresholdNames.MaxResponseTime).Breaches);
        Assert.Equal(1, _breaches.Read().Sum(m => m.Value));
    }

    [Fact]
    public void Memory_IsJudgedOnTheWorkingSet()
    {
        _monitor.Evaluate(Sample(rssMb: 200), _windows);

        var memory = _monitor.States.Single(s => s.Threshold == ThresholdNames.MaxMemoryUsage);
        Assert.True(memory.Breached);
        Assert.Equal(200, memory.Value);
        Assert.Equal(_time.GetUtcNow(), memory.Since);
    }

    [Fact]
    public void Throughput_IsJudgedOnlyWhileBusy()
    {
        // 600 requests of 200 ms in a minute: 2 in flight on average, yet 10 rps.
        Record(Monitors, count: 600, ms: 200);

        _monitor.Evaluate(Sample(rssMb: 60), _windows);

        var throughput = _monitor.States.Single(s => s.Threshold == ThresholdNames.MinThroughput);
        Assert.True(throughput.Judged);
        Assert.True(throughput.Breached);
    }

    [Fact]
    public void ExcludedRoutes_AreLeftOut()
    {
        Record(Trace, count: 100, ms: 30_000);

        _monitor.Evaluate(Sample(rssMb: 60), _windows);

        Assert.Empty(_changes);
    }

    public void Dispose()
    {
        _breaches.Dispose();
        _breached.Dispose();
        _services.Dispose();
    }

    private void Record(RouteEndpoint endpoint, int count, double ms)
    {
        for (var i = 0; i < count; i++)
            _windows.Record(_windows.WindowFor(endpoint), 0, (long)(ms / 1000 * Stopwatch.Frequency), ms * 1000, ErrorCategory.None);
    }

    private ResourceSample Sample(double rssMb) =>
        new(_time.GetUtcNow(), 1, 2, 2, (long)(rssMb * 1024 * 1024), 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
}
