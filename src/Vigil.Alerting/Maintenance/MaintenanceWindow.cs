namespace Vigil.Alerting.Maintenance;

/// <summary>
/// A planned quiet time: while it is open, the monitors it names (by id, by tag, or every monitor when
/// <see cref="All"/>) send no alerts, and the time is marked so uptime reports can leave it out.
/// </summary>
public sealed record MaintenanceWindow(
    Guid Id,
    string Name,
    IReadOnlyList<Guid> MonitorIds,
    IReadOnlyList<string> Tags,
    bool All,
    MaintenanceSchedule Schedule,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const int MaxNameLength = 200;
    public const int MaxMonitors = 1000;
    public const int MaxTags = 50;
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);

    /// <summary>True when the window names this monitor: by id, by one of its tags, or as every monitor.</summary>
    public bool AppliesTo(Guid monitorId, IReadOnlyList<string> tags)
    {
        if (All)
            return true;
        for (var i = 0; i < MonitorIds.Count; i++)
            if (MonitorIds[i] == monitorId)
                return true;
        for (var i = 0; i < tags.Count; i++)
            for (var j = 0; j < Tags.Count; j++)
                if (string.Equals(tags[i], Tags[j], StringComparison.Ordinal))
                    return true;
        return false;
    }

    /// <summary>The intervals of this window that overlap [from, to), oldest first, clipped to the range; at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<MaintenancePeriod> Periods(DateTimeOffset from, DateTimeOffset to, int limit = MaintenanceCalendar.MaxPeriods)
    {
        var intervals = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        Schedule.AddIntervals(from, to, limit, intervals);
        return [.. intervals.Select(i => new MaintenancePeriod(Id, Name, i.Start, i.End))];
    }
}

/// <summary>One concrete interval of a maintenance window (a recurring window's occurrence, or a one-off window), [Start, End).</summary>
public readonly record struct MaintenancePeriod(Guid WindowId, string WindowName, DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    /// <summary>How much time the periods cover together, counting overlaps once (periods of different windows may overlap).</summary>
    public static TimeSpan Covered(IReadOnlyList<MaintenancePeriod> periods)
    {
        var sorted = periods.OrderBy(p => p.Start).ToList();
        var total = TimeSpan.Zero;
        DateTimeOffset? openStart = null, openEnd = null;
        foreach (var period in sorted)
        {
            if (openEnd is { } end && period.Start <= end)
            {
                if (period.End > end)
                    openEnd = period.End;
                continue;
            }
            if (openStart is { } s && openEnd is { } e)
                total += e - s;
            (openStart, openEnd) = (period.Start, period.End);
        }
        if (openStart is { } lastStart && openEnd is { } lastEnd)
            total += lastEnd - lastStart;
        return total;
    }
}
