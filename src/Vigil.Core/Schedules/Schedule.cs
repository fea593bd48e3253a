namespace Vigil.Core.Schedules;

/// <summary>When a heartbeat monitor expects its next ping, and how long it may be late before it is down.</summary>
public abstract record Schedule(TimeSpan Grace)
{
    /// <summary>The time the next ping is expected, given the last success ping (or, for a new monitor, the reference time).</summary>
    public abstract DateTimeOffset NextExpected(DateTimeOffset lastPing);
}

/// <summary>Expect a ping every <see cref="Period"/>.</summary>
public sealed record SimpleSchedule(TimeSpan Period, TimeSpan Grace) : Schedule(Grace)
{
    public override DateTimeOffset NextExpected(DateTimeOffset lastPing) => lastPing + Period;
}

/// <summary>Expect a ping at each cron occurrence, read in the monitor's IANA time zone.</summary>
public sealed record CronSchedule(CronExpression Expression, TimeZoneInfo Zone, TimeSpan Grace) : Schedule(Grace)
{
    public override DateTimeOffset NextExpected(DateTimeOffset lastPing) =>
        Expression.GetNextOccurrence(lastPing, Zone) ?? DateTimeOffset.MaxValue;
}
