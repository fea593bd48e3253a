namespace Vigil.Benchmarks.Workloads;

/// <summary>A clock the workload moves by hand, so each operation sees the same amount of due work. Timers are the
/// system's (what a probe's timeout uses in production).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _ticks), TimeSpan.Zero);

    public DateTimeOffset Advance(TimeSpan by) => new(Interlocked.Add(ref _ticks, by.Ticks), TimeSpan.Zero);
}
