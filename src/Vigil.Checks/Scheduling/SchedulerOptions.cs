namespace Vigil.Checks.Scheduling;

/// <summary>Bounds of the check scheduler (config section <c>checks:</c>).</summary>
/// <param name="MaxConcurrent">Runs in flight at most, all types together.</param>
/// <param name="MaxConcurrentPerType">Runs in flight at most per monitor type; a type not listed is bounded only by <paramref name="MaxConcurrent"/>.</param>
/// <param name="QueueCapacity">Due runs waiting for a free slot at most. Past it, the lowest priority is skipped.</param>
/// <param name="Tick">How often due runs are picked up; the resolution of the schedule.</param>
public sealed record SchedulerOptions(int MaxConcurrent, IReadOnlyDictionary<string, int> MaxConcurrentPerType, int QueueCapacity, TimeSpan Tick)
{
    public static readonly SchedulerOptions Default = new(512, new Dictionary<string, int>(), 10_000, TimeSpan.FromMilliseconds(20));
}
