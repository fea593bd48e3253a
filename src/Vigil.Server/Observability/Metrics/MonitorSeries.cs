using System.Diagnostics.Metrics;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.States;
using Vigil.Observability.Collection;
using Vigil.Observability.Exposition;

namespace Vigil.Server.Observability.Metrics;

/// <summary>
/// The optional per-monitor series, written straight from the monitor table: up (1 up or degraded, 0 late or
/// down; new and paused monitors are left out), the last check's latency (active monitors) and the last ping's
/// time (heartbeat monitors that have pinged). At most <c>maxSeries</c> series in all per page; every series past
/// the cap is left out and counted in <c>vigil.metrics.series_dropped</c> (once per page build).
/// </summary>
public sealed class MonitorSeries : IMetricsSource
{
    private readonly HeartbeatEngine _engine;
    private readonly int _maxSeries;
    private readonly Counter<long> _dropped;
    // One pass over the registry per page, reused by the three families (and its capacity between builds).
    private readonly List<MonitorRuntime> _monitors = [];

    public MonitorSeries(HeartbeatEngine engine, int maxSeries, Meter meter)
    {
        _engine = engine;
        _maxSeries = maxSeries;
        _dropped = meter.CreateCounter<long>("vigil.metrics.series_dropped", "{series}", "Per-monitor series left off the page by metrics.max_series");
    }

    public void Write(MetricsWriter writer)
    {
        _monitors.Clear();
        _monitors.AddRange(_engine.Monitors.All);
        var budget = (long)_maxSeries;
        long dropped = 0;

        writer.Family("vigil_monitor_up", MetricType.Gauge, "1 when the monitor is up or degraded, 0 when late or down (new and paused monitors are not written)");
        foreach (var monitor in _monitors)
        {
            var status = monitor.Status;
            if (status is MonitorStatus.New or MonitorStatus.Paused)
                continue;
            if (budget-- <= 0)
            {
                dropped++;
                continue;
            }
            var definition = monitor.Definition;
            Sample(writer, monitor.Id, definition, withType: true);
            writer.EndSample(status is MonitorStatus.Up or MonitorStatus.Degraded ? 1L : 0L);
        }

        writer.Family("vigil_monitor_latency_seconds", MetricType.Gauge, "The latency of the monitor's last check", "seconds");
        foreach (var monitor in _monitors)
        {
            if (monitor.LastCheckResult is not { } last)
                continue;
            if (budget-- <= 0)
            {
                dropped++;
                continue;
            }
            Sample(writer, monitor.Id, monitor.Definition, withType: true);
            writer.EndSample(last.Latency.TotalSeconds);
        }

        writer.Family("vigil_monitor_last_ping_timestamp_seconds", MetricType.Gauge, "Unix time of the heartbeat monitor's last ping", "seconds");
        foreach (var monitor in _monitors)
        {
            if (monitor.LastPingAt is not { } at || monitor.Definition.Check is not null)
                continue;
            if (budget-- <= 0)
            {
                dropped++;
                continue;
            }
            Sample(writer, monitor.Id, monitor.Definition, withType: false);
            writer.EndSample((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond);
        }

        _monitors.Clear();
        if (dropped > 0)
            _dropped.Add(dropped);
    }

    private static void Sample(MetricsWriter writer, Guid id, MonitorDefinition definition, bool withType)
    {
        writer.BeginSample();
        writer.Label("monitor", id);
        writer.Label("slug", definition.Slug);
        if (withType)
            writer.Label("type", definition.Type);
    }
}
