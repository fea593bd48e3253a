namespace Vigil.Server.Observability.Requests;

/// <summary>
/// One route's recent requests: a ring of <see cref="RequestWindows.SlotCount"/> slots of
/// <see cref="RequestWindows.SlotSeconds"/> seconds each (15 minutes), every slot holding counts, error counts and a
/// fixed latency histogram. Memory is fixed at about 40 KB per route, whatever the traffic. Writers only add with
/// Interlocked; a slot is cleared under its lock by the first writer of a new period.
/// </summary>
internal sealed class RouteWindow(string route)
{
    private readonly Slot[] _slots = [.. Enumerable.Range(0, RequestWindows.SlotCount).Select(_ => new Slot())];

    public string Route { get; } = route;

    public void Record(long slotId, long durationTicks, double micros, ErrorCategory category)
    {
        var slot = _slots[slotId % _slots.Length];
        if (Volatile.Read(ref slot.Id) != slotId && !slot.Rotate(slotId))
            return; // a writer that fell a whole ring behind: its period is gone
        Interlocked.Increment(ref slot.Count);
        Interlocked.Add(ref slot.DurationTicks, durationTicks);
        Interlocked.Increment(ref slot.Latency[LatencyBuckets.IndexOf(micros)]);
        if (category != ErrorCategory.None)
            Interlocked.Increment(ref slot.Errors[(int)category]);
    }

    /// <summary>Adds the slots <c>(currentSlot - slots, currentSlot]</c> into <paramref name="into"/>.</summary>
    public void AddTo(WindowTotals into, long currentSlot, int slots)
    {
        foreach (var slot in _slots)
        {
            var id = Volatile.Read(ref slot.Id);
            if (id > currentSlot - slots && id <= currentSlot)
                into.Add(slot);
        }
    }

    internal sealed class Slot
    {
        public long Id = -1;
        // Counts are ints: a 10-second slot would need 200 million requests a second to overflow one.
        public int Count;
        public long DurationTicks;
        public readonly int[] Errors = new int[5];
        public readonly int[] Latency = new int[LatencyBuckets.Count];
        private readonly Lock _rotating = new();

        /// <summary>Starts the slot's new period; false when the slot already holds a later one.</summary>
        public bool Rotate(long slotId)
        {
            lock (_rotating)
            {
                if (Id > slotId)
                    return false;
                if (Id == slotId)
                    return true;
                Count = 0;
                DurationTicks = 0;
                Array.Clear(Errors);
                Array.Clear(Latency);
                Volatile.Write(ref Id, slotId);
                return true;
            }
        }
    }
}

/// <summary>Sums of slots: what one window of one route (or of all routes) holds.</summary>
internal sealed class WindowTotals
{
    public long Count;
    public long DurationTicks;
    public readonly long[] Errors = new long[5];
    public readonly long[] Latency = new long[LatencyBuckets.Count];

    public void Add(RouteWindow.Slot slot)
    {
        Count += Volatile.Read(ref slot.Count);
        DurationTicks += Volatile.Read(ref slot.DurationTicks);
        for (var i = 0; i < Errors.Length; i++)
            Errors[i] += Volatile.Read(ref slot.Errors[i]);
        for (var i = 0; i < Latency.Length; i++)
            Latency[i] += Volatile.Read(ref slot.Latency[i]);
    }

    public long ErrorCount => Errors[1] + Errors[2] + Errors[3] + Errors[4];

    public long ErrorsOf(ErrorCategory category) => Errors[(int)category];

    public double? PercentileMs(double quantile) => LatencyBuckets.PercentileMs(Latency, quantile);
}
