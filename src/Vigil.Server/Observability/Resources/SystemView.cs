using Vigil.Server.Observability.Thresholds;

namespace Vigil.Server.Observability.Resources;

/// <summary><c>GET /api/v1/system</c>: the latest sample, the history (oldest first), memory and threshold state.</summary>
public sealed record SystemView(
    DateTimeOffset At,
    string Version,
    int Pid,
    double UptimeSeconds,
    int SampleIntervalSeconds,
    int HistoryCapacity,
    MemoryView Memory,
    IReadOnlyList<ThresholdState> Thresholds,
    ResourceSample? Current,
    IReadOnlyList<ResourceSample> History);

/// <summary>The memory limit as configured and as the GC sees it (gc_total_available_bytes is the hard limit when one
/// is in force, else the machine's or container's memory), and whether Vigil is shedding.</summary>
public sealed record MemoryView(long LimitBytes, long GcTotalAvailableBytes, long GcHeapBytes, int ShedAtPercent, bool Shedding, long ShedEvents);
