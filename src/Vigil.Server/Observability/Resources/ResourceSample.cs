namespace Vigil.Server.Observability.Resources;

/// <summary>
/// One reading of Vigil's own resources. Rates (CPU, GC pause, allocation) are over the time since the previous
/// sample. <see cref="CpuPercent"/> is the share of the whole machine (all cores: 0..100);
/// <see cref="CpuCorePercent"/> the same time as a share of one core (0..100 × processor_count).
/// GC heap figures are as of the last collection; collection counts are totals since start.
/// </summary>
public sealed record ResourceSample(
    DateTimeOffset At,
    double CpuPercent,
    double CpuCorePercent,
    int ProcessorCount,
    long WorkingSetBytes,
    long GcHeapBytes,
    long GcCommittedBytes,
    long GcTotalAvailableBytes,
    int GcGen0Collections,
    int GcGen1Collections,
    int GcGen2Collections,
    double GcPausePercent,
    double AllocationBytesPerSecond,
    int ThreadPoolThreads,
    long ThreadPoolQueueLength,
    long DataDirBytes,
    long DiskFreeBytes,
    long DiskCapacityBytes);
