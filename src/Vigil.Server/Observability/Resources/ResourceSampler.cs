using System.Diagnostics;

namespace Vigil.Server.Observability.Resources;

/// <summary>
/// Reads the process's CPU, memory, GC, thread pool and disk figures and turns the cumulative ones into rates since
/// the previous reading. Rates are over real elapsed time (a <see cref="Stopwatch"/>), not the injected clock,
/// which only stamps the sample: under a fake clock the rates are still true.
/// </summary>
public sealed class ResourceSampler(string dataDir)
{
    private Readings _previous = Readings.Now();

    public ResourceSample Sample(DateTimeOffset at)
    {
        var now = Readings.Now();
        var previous = _previous;
        _previous = now;
        var seconds = Math.Max(1e-6, Stopwatch.GetElapsedTime(previous.Timestamp, now.Timestamp).TotalSeconds);
        var cpuSeconds = (now.Cpu - previous.Cpu).TotalSeconds;
        var cores = Environment.ProcessorCount;
        var gc = GC.GetGCMemoryInfo();
        var disk = DiskUsage.Of(dataDir);
        return new ResourceSample(
            at,
            CpuPercent: Round(100 * cpuSeconds / seconds / cores),
            CpuCorePercent: Round(100 * cpuSeconds / seconds),
            ProcessorCount: cores,
            WorkingSetBytes: Environment.WorkingSet,
            GcHeapBytes: gc.HeapSizeBytes,
            GcCommittedBytes: gc.TotalCommittedBytes,
            GcTotalAvailableBytes: gc.TotalAvailableMemoryBytes,
            GcGen0Collections: GC.CollectionCount(0),
            GcGen1Collections: GC.CollectionCount(1),
            GcGen2Collections: GC.CollectionCount(2),
            GcPausePercent: Round(100 * (now.Pause - previous.Pause).TotalSeconds / seconds),
            AllocationBytesPerSecond: Math.Round((now.Allocated - previous.Allocated) / seconds),
            ThreadPoolThreads: ThreadPool.ThreadCount,
            ThreadPoolQueueLength: ThreadPool.PendingWorkItemCount,
            DataDirBytes: disk.DataBytes,
            DiskFreeBytes: disk.FreeBytes,
            DiskCapacityBytes: disk.CapacityBytes);
    }

    private static double Round(double value) => Math.Round(Math.Max(0, value), 2);

    private readonly record struct Readings(long Timestamp, TimeSpan Cpu, TimeSpan Pause, long Allocated)
    {
        public static Readings Now() =>
            new(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime, GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
    }
}
