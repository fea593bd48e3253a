namespace Vigil.Server.Observability.Memory;

/// <summary>The <c>performance:</c> memory keys.</summary>
public sealed record MemoryOptions
{
    /// <summary><c>performance.memory_limit_mb</c>: the GC heap hard limit; 0 = none (then nothing is shed).</summary>
    public int MemoryLimitMb { get; init; }

    /// <summary><c>performance.shed_at_percent</c> (50..99): shedding starts when the GC heap reaches this share of the limit.</summary>
    public int ShedAtPercent { get; init; } = 90;

    /// <summary>Shedding stops when the heap falls this many points below <see cref="ShedAtPercent"/>, so it does not flap.</summary>
    public int RecoverBelowPoints { get; init; } = 5;

    /// <summary>How often the heap is compared with the limit (a cheap read of the last GC's figures).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    public long LimitBytes => MemoryLimitMb * 1024L * 1024L;
}
