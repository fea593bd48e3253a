using Vigil.Core.Schedules;

namespace Vigil.Alerting.Maintenance;

/// <summary>When a maintenance window is open: once (<see cref="OneOffSchedule"/>) or at every cron occurrence for a
/// fixed duration (<see cref="RecurringSchedule"/>). Intervals are half-open: open at the start, closed again at the end.</summary>
public abstract record MaintenanceSchedule
{
    /// <summary>
    /// Whether the window is open at <paramref name="at"/>; the answer stays the same from <paramref name="at"/> until
    /// <paramref name="holdsUntil"/> (the end of the open interval, or the next opening), which lets the calendar cache it.
    /// Allocation-free.
    /// </summary>
    public abstract bool Covers(DateTimeOffset at, out DateTimeOffset holdsUntil);

    /// <summary>
    /// Appends the intervals that overlap [<paramref name="from"/>, <paramref name="to"/>), oldest first, clipped to the
    /// range; overlapping or touching occurrences of one window are merged into one interval. Stops after
    /// <paramref name="limit"/> intervals.
    /// </summary>
    public abstract void AddIntervals(DateTimeOffset from, DateTimeOffset to, int limit, List<(DateTimeOffset Start, DateTimeOffset End)> into);
}

/// <summary>Open once, from <see cref="Start"/> until <see cref="End"/>.</summary>
public sealed record OneOffSchedule(DateTimeOffset Start, DateTimeOffset End) : MaintenanceSchedule
{
    public override bool Covers(DateTimeOffset at, out DateTimeOffset holdsUntil)
    {
        holdsUntil = at < Start ? Start : at < End ? End : DateTimeOffset.MaxValue;
        return at >= Start && at < End;
    }

    public override void AddIntervals(DateTimeOffset from, DateTimeOffset to, int limit, List<(DateTimeOffset Start, DateTimeOffset End)> into)
    {
        if (limit > 0 && End > from && Start < to)
            into.Add((Start > from ? Start : from, End < to ? End : to));
    }
}

/// <summary>
/// Open at each occurrence of <see cref="Cron"/>, read in <see cref="Zone"/>, for <see cref="Duration"/> of real
/// (elapsed) time. Occurrences follow <see cref="CronExpression"/>'s daylight-saving rules, so "0 2 * * *" on the night
/// the clocks spring forward opens at 03:00; the duration is then counted in real time from there, so a window that
/// spans a change of offset is as long as on any other night but ends an hour later or earlier on the wall clock.
/// </summary>
public sealed record RecurringSchedule(CronExpression Cron, TimeSpan Duration, TimeZoneInfo Zone) : MaintenanceSchedule
{
    public override bool Covers(DateTimeOffset at, out DateTimeOffset holdsUntil)
    {
        // An occurrence o covers `at` when o <= at < o + Duration, i.e. o lies in (at - Duration, at]. The first one
        // after at - Duration is the earliest such o; if it is later than `at`, none is, and none opens before it.
        // If it covers, the window stays open at least until it ends (a later occurrence may extend that).
        var first = Cron.GetNextOccurrence(Before(at), Zone);
        if (first is { } open && open <= at)
        {
            holdsUntil = open + Duration;
            return true;
        }
        holdsUntil = first ?? DateTimeOffset.MaxValue;
        return false;
    }

    public override void AddIntervals(DateTimeOffset from, DateTimeOffset to, int limit, List<(DateTimeOffset Start, DateTimeOffset End)> into)
    {
        var added = 0;
        var next = Cron.GetNextOccurrence(Before(from), Zone);
        while (next is { } start && start < to && added < limit)
        {
            var end = start + Duration;
            // Occurrences that start before this interval ends extend it (a cron that fires more often than the duration);
            // past the range's end nothing more is needed, which also ends a cron that never leaves a gap.
            var following = Cron.GetNextOccurrence(start, Zone);
            while (following is { } more && more <= end && end < to)
            {
                end = more + Duration;
                following = Cron.GetNextOccurrence(more, Zone);
            }
            into.Add((start > from ? start : from, end < to ? end : to));
            added++;
            if (end >= to)
                break;
            next = following;
        }
    }

    // at - Duration, kept inside DateTimeOffset's range for times at its very start.
    private DateTimeOffset Before(DateTimeOffset at) =>
        at.UtcTicks - DateTimeOffset.MinValue.UtcTicks > Duration.Ticks ? at - Duration : DateTimeOffset.MinValue;
}
