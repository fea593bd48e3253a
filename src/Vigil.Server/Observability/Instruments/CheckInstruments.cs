using System.Diagnostics.Metrics;
using Vigil.Checks.Scheduling;
using Vigil.Core.Runtime;
using Vigil.Server.Checks;

namespace Vigil.Server.Observability.Instruments;

/// <summary>
/// The scheduler's queue, running runs and skips, and the connection pools summed per protocol, read on each scrape.
/// Runs by outcome and the latency and drift histograms are recorded by the scheduler itself.
/// </summary>
public sealed class CheckInstruments
{
    private readonly ProbeCatalog _probes;

    public CheckInstruments(Meter meter, CheckScheduler scheduler, CheckEngine engine, ProbeCatalog probes)
    {
        _probes = probes;
        var stats = scheduler.Stats;
        meter.CreateObservableCounter("vigil.check.results_not_stored", () => engine.ResultsNotStored, "{result}", "Check results judged but not stored because the write queue was full");
        meter.CreateObservableGauge("vigil.scheduler.queue.depth", () => scheduler.QueueDepth, "{run}", "Check runs due and waiting for a concurrency slot");
        meter.CreateObservableGauge("vigil.scheduler.running", () => scheduler.Running, "{run}", "Check runs in progress");
        meter.CreateObservableCounter("vigil.scheduler.skipped", () => new Measurement<long>[]
        {
            new(stats.SkippedOverlap, new KeyValuePair<string, object?>("reason", "overlap")),
            new(stats.SkippedQueueFull, new KeyValuePair<string, object?>("reason", "queue_full")),
            new(stats.SkippedStale, new KeyValuePair<string, object?>("reason", "stale")),
            new(stats.SkippedShed, new KeyValuePair<string, object?>("reason", "shed")),
        }, "{run}", "Check runs skipped rather than stacked, by reason");
        meter.CreateObservableGauge("vigil.pool.connections", Connections, "{connection}", "Pooled connections to checked databases, by protocol and state");
        meter.CreateObservableGauge("vigil.pool.waiters", () => PerProtocol(t => t.Waiters), "{request}", "Check runs waiting for a pooled connection");
        meter.CreateObservableCounter("vigil.pool.acquired", () => PerProtocol(t => t.Acquired), "{request}", "Connections handed out by the pools");
        meter.CreateObservableCounter("vigil.pool.acquire.wait", () => PerProtocolSeconds(t => t.AcquireWait), "s", "Time check runs spent waiting for a pooled connection");
        meter.CreateObservableCounter("vigil.pool.exhausted", () => PerProtocol(t => t.Exhausted), "{request}", "Runs that gave up waiting for a pooled connection");
    }

    private IEnumerable<Measurement<long>> Connections() => Totals().SelectMany(t => new Measurement<long>[]
    {
        new(t.Idle, new("type", t.Protocol), new("state", "idle")),
        new(t.InUse, new("type", t.Protocol), new("state", "in_use")),
    });

    private IEnumerable<Measurement<long>> PerProtocol(Func<PoolTotals, long> figure) =>
        Totals().Select(t => new Measurement<long>(figure(t), new KeyValuePair<string, object?>("type", t.Protocol)));

    private IEnumerable<Measurement<double>> PerProtocolSeconds(Func<PoolTotals, TimeSpan> figure) =>
        Totals().Select(t => new Measurement<double>(figure(t).TotalSeconds, new KeyValuePair<string, object?>("type", t.Protocol)));

    private readonly record struct PoolTotals(string Protocol, long Idle, long InUse, long Waiters, long Acquired, long Exhausted, TimeSpan AcquireWait);

    // One series per protocol, present from the start and however many targets it has: per-target series would
    // grow with the monitors.
    private IEnumerable<PoolTotals> Totals()
    {
        var pools = _probes.PoolStats.ToLookup(p => p.Protocol, p => p.Stats);
        return ProbeCatalog.PooledProtocols.Select(protocol =>
        {
            var stats = pools[protocol];
            return new PoolTotals(protocol, stats.Sum(s => (long)s.Idle), stats.Sum(s => (long)s.InUse), stats.Sum(s => (long)s.Waiters),
                stats.Sum(s => s.Acquired), stats.Sum(s => s.Exhausted), TimeSpan.FromTicks(stats.Sum(s => s.AcquireWaitTotal.Ticks)));
        });
    }
}
