using Vigil.Core.Checks;

namespace Vigil.Checks.Scheduling;

/// <summary>
/// Due runs waiting for a free slot: one FIFO per (priority, type), so a type at its limit never holds up another
/// type behind it, and higher priorities always start first. Bounded; the scheduler's lock guards it.
/// </summary>
internal sealed class ReadyQueue(int typeCount, int capacity)
{
    private static readonly int PriorityCount = Enum.GetValues<CheckPriority>().Length;

    private readonly Queue<ReadyRun>[] _queues = [.. Enumerable.Range(0, PriorityCount * typeCount).Select(_ => new Queue<ReadyRun>())];

    public int Count { get; private set; }

    public bool IsFull => Count >= capacity;

    public void Enqueue(ReadyRun run)
    {
        _queues[Index(run.Check.Spec.Priority, run.Check.TypeIndex)].Enqueue(run);
        Count++;
    }

    /// <summary>Removes the oldest run of the lowest priority queued, if that priority is lower than <paramref name="than"/>.</summary>
    public bool TryEvictLowerThan(CheckPriority than, out ReadyRun evicted)
    {
        for (var p = PriorityCount - 1; p > (int)than; p--)
            for (var t = 0; t < typeCount; t++)
                if (_queues[(p * typeCount) + t].TryDequeue(out evicted))
                {
                    Count--;
                    return true;
                }
        evicted = default;
        return false;
    }

    /// <summary>The next run to start: highest priority first, then the earliest planned among types with a free slot.</summary>
    public bool TryDequeue(Func<int, bool> typeHasRoom, out ReadyRun run)
    {
        for (var p = 0; p < PriorityCount; p++)
        {
            Queue<ReadyRun>? best = null;
            for (var t = 0; t < typeCount; t++)
            {
                var queue = _queues[(p * typeCount) + t];
                if (queue.Count > 0 && typeHasRoom(t) && (best is null || queue.Peek().PlannedTicks < best.Peek().PlannedTicks))
                    best = queue;
            }
            if (best is not null)
            {
                run = best.Dequeue();
                Count--;
                return true;
            }
        }
        run = default;
        return false;
    }

    private int Index(CheckPriority priority, int type) => ((int)priority * typeCount) + type;
}

/// <summary>A run that came due at <see cref="PlannedTicks"/> and waits to start.</summary>
internal readonly record struct ReadyRun(ScheduledCheck Check, long PlannedTicks);
