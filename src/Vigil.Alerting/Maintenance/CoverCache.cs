namespace Vigil.Alerting.Maintenance;

/// <summary>
/// One window's last answer to "open at T?" and the span [from, until) over which it holds, so repeated lookups cost
/// a few loads instead of a cron search. A sequence lock keeps it allocation-free: a writer makes the sequence odd,
/// writes, and makes it even again; a reader that sees it change (or odd) just recomputes. Racing writers skip.
/// </summary>
internal sealed class CoverCache
{
    private int _sequence;
    private long _fromTicks, _untilTicks;
    private bool _open;

    public bool TryGet(DateTimeOffset at, out bool open)
    {
        open = false;
        var sequence = Volatile.Read(ref _sequence);
        if ((sequence & 1) != 0)
            return false;
        long from = _fromTicks, until = _untilTicks;
        var cached = _open;
        Interlocked.MemoryBarrier(); // the field reads complete before the sequence is read again
        if (Volatile.Read(ref _sequence) != sequence)
            return false;
        var ticks = at.UtcTicks;
        if (ticks < from || ticks >= until)
            return false;
        open = cached;
        return true;
    }

    public void Set(DateTimeOffset from, DateTimeOffset until, bool open)
    {
        var sequence = Volatile.Read(ref _sequence);
        if ((sequence & 1) != 0 || Interlocked.CompareExchange(ref _sequence, sequence + 1, sequence) != sequence)
            return;
        (_fromTicks, _untilTicks, _open) = (from.UtcTicks, until.UtcTicks, open);
        Volatile.Write(ref _sequence, sequence + 2);
    }
}
