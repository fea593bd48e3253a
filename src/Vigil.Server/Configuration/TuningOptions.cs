namespace Vigil.Server.Configuration;

// These sections are read and validated now so files written today keep working; later releases act on them.

/// <summary>The <c>performance:</c> section (read and validated; acted on by later releases).</summary>
public sealed record PerformanceOptions
{
    public bool EnablePerformanceMode { get; init; }
    public bool MemoryOptimization { get; init; } = true;
    public bool CacheOptimization { get; init; } = true;

    /// <summary>The GC heap hard limit in MiB; 0 = none.</summary>
    public int MemoryLimitMb { get; init; }

    /// <summary>Shedding starts when the GC heap reaches this percent of <see cref="MemoryLimitMb"/>.</summary>
    public int ShedAtPercent { get; init; } = 90;
}

/// <summary>The <c>scaling:</c> section (read and validated; acted on by later releases).</summary>
public sealed record ScalingOptions
{
    public const long DefaultSharedMemorySize = 64L * 1024 * 1024;

    public bool EnableHorizontalScaling { get; init; }
    public int WorkerProcesses { get; init; } = 1;

    /// <summary>In bytes, from a size such as <c>64m</c>.</summary>
    public long SharedMemorySizeBytes { get; init; } = DefaultSharedMemorySize;
}

/// <summary>The <c>benchmarking:</c> section (read and validated; acted on by later releases).</summary>
public sealed record BenchmarkingOptions
{
    public bool EnableBenchmarks { get; init; }
    public int BenchmarkIntervalSeconds { get; init; } = 300;
    public PerformanceThresholdOptions PerformanceThresholds { get; init; } = new();
}

/// <summary>The <c>benchmarking.performance_thresholds:</c> section.</summary>
public sealed record PerformanceThresholdOptions
{
    public int MaxResponseTimeMs { get; init; } = 100;
    public int MaxMemoryUsageMb { get; init; } = 512;
    public int MinThroughputRps { get; init; } = 1000;
}
