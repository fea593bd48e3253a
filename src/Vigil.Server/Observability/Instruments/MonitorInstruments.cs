using System.Diagnostics.Metrics;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.States;

namespace Vigil.Server.Observability.Instruments;

/// <summary>
/// Monitors by type and status, counted on each scrape (a pass over the table: cheap next to the page cache's
/// refresh interval, even at a million monitors), and the deadline sweeper's progress.
/// </summary>
public sealed class MonitorInstruments
{
    private static readonly MonitorStatus[] Statuses = Enum.GetValues<MonitorStatus>();
    private readonly HeartbeatEngine _engine;
    private readonly string[] _types = [.. CheckSpecReader.Types.Prepend(MonitorDefinition.HeartbeatType)];

    public MonitorInstruments(Meter meter, HeartbeatEngine engine)
    {
        _engine = engine;
        meter.CreateObservableGauge("vigil.monitors", Count, "{monitor}", "Monitors by type and status");
        meter.CreateObservableCounter("vigil.deadline.sweeps", () => engine.Stats.Sweeps, "{sweep}", "Deadline sweeps run");
    }

    private IEnumerable<Measurement<long>> Count()
    {
        var counts = new long[_types.Length, Statuses.Length];
        foreach (var monitor in _engine.Monitors.All)
        {
            var type = Array.IndexOf(_types, monitor.Definition.Type);
            counts[type < 0 ? 0 : type, (int)monitor.Status]++;
        }
        for (var t = 0; t < _types.Length; t++)
            for (var s = 0; s < Statuses.Length; s++)
                yield return new Measurement<long>(counts[t, s], new("type", _types[t]), new("status", Statuses[s].ToName()));
    }
}
