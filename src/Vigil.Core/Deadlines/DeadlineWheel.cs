using System.Collections.Concurrent;
using Vigil.Core.Runtime;

namespace Vigil.Core.Deadlines;

/// <summary>
/// A hashed timing wheel of fixed-width slots. Each monitor is filed under the slot of its next check time.
/// Pings never move a monitor: when its slot comes due the monitor is re-judged against its real deadline and
/// filed again (lazy re-check), so a monitor costs about one visit per period however often it pings.
/// Only the sweeper thread touches the slots; other threads ask for a re-check through a lock-free inbox.
/// </summary>
public sealed class DeadlineWheel
{
    private readonly List<MonitorRuntime>[] _slots;
    private readonly long _width;
    private readonly long _mask;
    private readonly ConcurrentQueue<MonitorRuntime> _inbox = new();
    private const int MaxSpareCapacity = 4096;
    private List<MonitorRuntime> _spare = [];
    private long _nextSlot;
    private int _count;

    public DeadlineWheel(TimeSpan slotWidth, DateTimeOffset start, int slotCount = 16384)
    {
        if (!int.IsPow2(slotCount))
            throw new ArgumentOutOfRangeException(nameof(slotCount), "must be a power of two");
        _width = slotWidth.Ticks;
        _mask = slotCount - 1;
        _slots = new List<MonitorRuntime>[slotCount];
        for (var i = 0; i < slotCount; i++)
            _slots[i] = [];
        _nextSlot = start.UtcTicks / _width;
    }

    /// <summary>Monitors filed in the wheel (including stale copies not yet swept).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Re-check requests waiting for the sweeper.</summary>
    public int InboxCount => _inbox.Count;

    /// <summary>Asks the sweeper to re-judge <paramref name="monitor"/> on its next pass. Any thread; lock-free.</summary>
    public void RequestCheck(MonitorRuntime monitor)
    {
        if (Interlocked.CompareExchange(ref monitor.InboxQueued, 1, 0) == 0)
            _inbox.Enqueue(monitor);
    }

    /// <summary>
    /// Sweeper thread only: judges every monitor whose slot is due at <paramref name="now"/> and every inbox request.
    /// <paramref name="judge"/> returns the monitor's next check time, or null when the clock alone can't change it.
    /// </summary>
    public void Advance(DateTimeOffset now, Func<MonitorRuntime, DateTimeOffset, DateTimeOffset?> judge)
    {
        while (_inbox.TryDequeue(out var requested))
        {
            Volatile.Write(ref requested.InboxQueued, 0);
            File(requested, judge(requested, now));
        }

        var last = now.UtcTicks / _width;
        if (last - _nextSlot >= _slots.Length)
            _nextSlot = last - _slots.Length + 1; // far behind: one visit per slot covers everything
        for (; _nextSlot <= last; _nextSlot++)
            Sweep(_nextSlot, now, judge);
    }

    /// <summary>Sweeper thread only (or before the sweeper starts): files a monitor for a check at <paramref name="due"/>.</summary>
    public void File(MonitorRuntime monitor, DateTimeOffset? due)
    {
        if (due is not { } at)
        {
            monitor.WheelSlot = 0;
            return;
        }
        // Ceiling, so a slot holds deadlines up to its own time, and never a slot already swept.
        var slot = Math.Max((at.UtcTicks + _width - 1) / _width, _nextSlot);
        if (monitor.WheelSlot == slot)
            return; // already filed there
        monitor.WheelSlot = slot;
        _slots[slot & _mask].Add(monitor);
        _count++;
    }

    private void Sweep(long slot, DateTimeOffset now, Func<MonitorRuntime, DateTimeOffset, DateTimeOffset?> judge)
    {
        var bucket = _slots[slot & _mask];
        if (bucket.Count == 0)
            return;
        // The slot gets the list an earlier sweep emptied, capacity and all: a fresh list per sweep was garbage four
        // times a second, and re-filed monitors grew it again from nothing (bench: DeadlineWheelBenchmarks).
        _slots[slot & _mask] = _spare;
        _count -= bucket.Count;
        foreach (var monitor in bucket)
        {
            var filed = monitor.WheelSlot;
            if (filed == 0 || (filed & _mask) != (slot & _mask))
                continue; // stale copy: the monitor was filed elsewhere since
            if (filed > slot)
            {
                _slots[slot & _mask].Add(monitor); // a later lap of the wheel
                _count++;
                continue;
            }
            monitor.WheelSlot = 0;
            File(monitor, judge(monitor, now));
        }
        // Kept for the next sweep unless a burst made it large (past 4,096 entries its array would be 32 KB, held forever).
        _spare = bucket.Capacity <= MaxSpareCapacity ? bucket : [];
        _spare.Clear();
    }
}
