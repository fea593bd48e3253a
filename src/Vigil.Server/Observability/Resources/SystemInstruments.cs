using System.Diagnostics.Metrics;
using System.Reflection;
using Vigil.Server.Observability.Instruments;

namespace Vigil.Server.Observability.Resources;

/// <summary>
/// The "Vigil.System" meter's build info and the data dir's disk gauges. The disk gauges report the latest sample
/// rather than walking the data dir on every scrape.
/// </summary>
public sealed class SystemInstruments
{

    public SystemInstruments(IMeterFactory meters, SampleHistory history)
    {
        var meter = meters.Create(MeterNames.System);
        var version = new KeyValuePair<string, object?>("version", Version);
        meter.CreateObservableGauge("vigil.build_info", () => new Measurement<int>(1, version), "1", "Always 1; the version label names the running build");
        meter.CreateObservableGauge("vigil.storage.data", () => Disk(history, s => s.DataDirBytes), "By", "Size of the files in the data dir");
        meter.CreateObservableGauge("vigil.storage.free", () => Disk(history, s => s.DiskFreeBytes), "By", "Free space on the data dir's filesystem (for Vigil's user)");
        meter.CreateObservableGauge("vigil.storage.capacity", () => Disk(history, s => s.DiskCapacityBytes), "By", "Size of the data dir's filesystem");
    }

    public static string Version { get; } =
        typeof(SystemInstruments).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static IEnumerable<Measurement<long>> Disk(SampleHistory history, Func<ResourceSample, long> read) =>
        history.Latest is { } sample ? [new Measurement<long>(read(sample))] : [];
}
