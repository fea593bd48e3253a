using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Core.Tests.States;

public sealed class HeartbeatRulesTests
{
    private static readonly DateTimeOffset T0 = TestData.Origin;
    private static readonly Schedule Minute = new SimpleSchedule(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));

    private static DateTimeOffset? At(int? ms) => ms is { } v ? T0.AddMilliseconds(v) : null;

    // Period 60 s, grace 30 s; times are milliseconds after T0; null = never.
    [Theory]
    // new stays new without pings, however long
    [InlineData(MonitorStatus.New, null, null, 1_000_000_000, MonitorStatus.New, null)]
    // new with an old success (a resumed monitor) waits for its next ping
    [InlineData(MonitorStatus.New, 0, null, 1_000_000_000, MonitorStatus.New, null)]
    // up → late exactly at the expected time
    [InlineData(MonitorStatus.Up, 0, null, 0, MonitorStatus.Up, 60_000)]
    [InlineData(MonitorStatus.Up, 0, null, 59_999, MonitorStatus.Up, 60_000)]
    [InlineData(MonitorStatus.Up, 0, null, 60_000, MonitorStatus.Late, 90_000)]
    // late → down exactly when grace ends
    [InlineData(MonitorStatus.Up, 0, null, 89_999, MonitorStatus.Late, 90_000)]
    [InlineData(MonitorStatus.Late, 0, null, 89_999, MonitorStatus.Late, 90_000)]
    [InlineData(MonitorStatus.Late, 0, null, 90_000, MonitorStatus.Down, null)]
    [InlineData(MonitorStatus.Up, 0, null, 90_000, MonitorStatus.Down, null)]
    // down and paused never move on the clock, open run or not
    [InlineData(MonitorStatus.Down, 0, null, 1_000_000_000, MonitorStatus.Down, null)]
    [InlineData(MonitorStatus.Down, null, 0, 1_000_000_000, MonitorStatus.Down, null)]
    [InlineData(MonitorStatus.Paused, 0, null, 1_000_000_000, MonitorStatus.Paused, null)]
    [InlineData(MonitorStatus.Paused, null, 0, 1_000_000_000, MonitorStatus.Paused, null)]
    // a run started at 10 s must finish by 40 s (grace), before the schedule's own deadline
    [InlineData(MonitorStatus.Up, 0, 10_000, 39_999, MonitorStatus.Up, 40_000)]
    [InlineData(MonitorStatus.Up, 0, 10_000, 40_000, MonitorStatus.Down, null)]
    // a run started at 40 s times out at 70 s, after late (60 s) but before down (90 s)
    [InlineData(MonitorStatus.Up, 0, 40_000, 60_000, MonitorStatus.Late, 70_000)]
    [InlineData(MonitorStatus.Late, 0, 40_000, 69_999, MonitorStatus.Late, 70_000)]
    [InlineData(MonitorStatus.Late, 0, 40_000, 70_000, MonitorStatus.Down, null)]
    // a run whose deadline (100 s) comes after down (90 s) does not delay down
    [InlineData(MonitorStatus.Late, 0, 70_000, 90_000, MonitorStatus.Down, null)]
    // a new monitor's unfinished first run goes down after grace
    [InlineData(MonitorStatus.New, null, 0, 29_999, MonitorStatus.New, 30_000)]
    [InlineData(MonitorStatus.New, null, 0, 30_000, MonitorStatus.Down, null)]
    // a start older than the last success is a finished (or abandoned) run: only the schedule counts
    [InlineData(MonitorStatus.Up, 20_000, 10_000, 79_999, MonitorStatus.Up, 80_000)]
    [InlineData(MonitorStatus.Up, 20_000, 10_000, 80_000, MonitorStatus.Late, 110_000)]
    public void Evaluate_SimpleSchedule_GivesStatusAndNextCheck(
        MonitorStatus status, int? lastSuccessMs, int? openStartMs, int nowMs, MonitorStatus expected, int? nextCheckMs)
    {
        var verdict = HeartbeatRules.Evaluate(Minute, status, At(lastSuccessMs), At(openStartMs), At(nowMs)!.Value);

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(At(nextCheckMs), verdict.NextCheck);
        // Late and down carry why; a verdict that changes nothing about a settled status (or says up/new) has no reason.
        if (expected is MonitorStatus.Up or MonitorStatus.New || (expected == status && status is MonitorStatus.Down or MonitorStatus.Paused))
            Assert.Null(verdict.Reason);
        else
            Assert.False(string.IsNullOrEmpty(verdict.Reason));
    }

    [Fact]
    public void Evaluate_Overdue_LateReasonNamesLastPingAndDue()
    {
        var verdict = HeartbeatRules.Evaluate(Minute, MonitorStatus.Up, T0, null, T0.AddSeconds(61));

        Assert.Equal(MonitorStatus.Late, verdict.Status);
        Assert.Equal("no ping since 2025-01-01T00:00:00Z; expected by 2025-01-01T00:01:00Z", verdict.Reason);
    }

    [Fact]
    public void Evaluate_GraceOver_DownReasonNamesGraceEnd()
    {
        var verdict = HeartbeatRules.Evaluate(Minute, MonitorStatus.Late, T0, null, T0.AddSeconds(90));

        Assert.Equal(MonitorStatus.Down, verdict.Status);
        Assert.Equal("no ping since 2025-01-01T00:00:00Z; expected by 2025-01-01T00:01:00Z, grace ended 2025-01-01T00:01:30Z", verdict.Reason);
    }

    [Theory]
    [InlineData(MonitorStatus.Up)]
    [InlineData(MonitorStatus.Late)]
    [InlineData(MonitorStatus.New)]
    public void Evaluate_RunNotFinishedWithinGrace_DownWithRunTimeoutReason(MonitorStatus status)
    {
        var lastSuccess = status == MonitorStatus.New ? (DateTimeOffset?)null : T0;
        var start = T0.AddSeconds(10);

        var verdict = HeartbeatRules.Evaluate(Minute, status, lastSuccess, start, start.AddSeconds(30));

        Assert.Equal(MonitorStatus.Down, verdict.Status);
        Assert.Equal("run started 2025-01-01T00:00:10Z did not finish within the grace time of 30 s", verdict.Reason);
        Assert.Null(verdict.NextCheck);
    }

    [Fact]
    public void Evaluate_HugeGrace_SaturatesInsteadOfOverflowing()
    {
        var schedule = new SimpleSchedule(TimeSpan.FromDays(1), TimeSpan.MaxValue);

        var verdict = HeartbeatRules.Evaluate(schedule, MonitorStatus.New, null, T0, T0.AddYears(100));

        Assert.Equal(MonitorStatus.New, verdict.Status);
        Assert.Equal(DateTimeOffset.MaxValue, verdict.NextCheck);
    }

    public static TheoryData<string, string, string, MonitorStatus, string?> BerlinCases => new()
    {
        // winter (CET, UTC+1): 02:00 local is 01:00Z; due the next day at 01:00Z, down 30 min later
        { "2025-01-15T01:00:00Z", "2025-01-16T00:59:59Z", "2025-01-16T01:00:00Z", MonitorStatus.Up, null },
        { "2025-01-15T01:00:00Z", "2025-01-16T01:00:00Z", "2025-01-16T01:30:00Z", MonitorStatus.Late, "expected by 2025-01-16T01:00:00Z" },
        { "2025-01-15T01:00:00Z", "2025-01-16T01:29:59Z", "2025-01-16T01:30:00Z", MonitorStatus.Late, "expected by 2025-01-16T01:00:00Z" },
        { "2025-01-15T01:00:00Z", "2025-01-16T01:30:00Z", "", MonitorStatus.Down, "grace ended 2025-01-16T01:30:00Z" },
        // summer (CEST, UTC+2): 02:00 local is 00:00Z
        { "2025-07-01T00:00:00Z", "2025-07-01T23:59:59Z", "2025-07-02T00:00:00Z", MonitorStatus.Up, null },
        { "2025-07-01T00:00:00Z", "2025-07-02T00:00:00Z", "2025-07-02T00:30:00Z", MonitorStatus.Late, "expected by 2025-07-02T00:00:00Z" },
        { "2025-07-01T00:00:00Z", "2025-07-02T00:30:00Z", "", MonitorStatus.Down, "grace ended 2025-07-02T00:30:00Z" },
        // spring forward (2025-03-30): 02:00 does not exist, cron runs at 03:00 CEST = 01:00Z; the day after it is 00:00Z
        { "2025-03-29T01:00:00Z", "2025-03-30T00:59:59Z", "2025-03-30T01:00:00Z", MonitorStatus.Up, null },
        { "2025-03-30T01:00:00Z", "2025-03-31T00:00:00Z", "2025-03-31T00:30:00Z", MonitorStatus.Late, "expected by 2025-03-31T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(BerlinCases))]
    public void Evaluate_CronInTimeZone_ComputesDueAndDown(string lastSuccess, string now, string nextCheck, MonitorStatus expected, string? reasonPart)
    {
        Assert.True(CronExpression.TryParse("0 2 * * *", out var cron, out var error), error);
        var schedule = new CronSchedule(cron!, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), TimeSpan.FromMinutes(30));

        var verdict = HeartbeatRules.Evaluate(schedule, MonitorStatus.Up, DateTimeOffset.Parse(lastSuccess, System.Globalization.CultureInfo.InvariantCulture), null,
            DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, verdict.Status);
        Assert.Equal(nextCheck.Length == 0 ? null : DateTimeOffset.Parse(nextCheck, System.Globalization.CultureInfo.InvariantCulture), verdict.NextCheck);
        if (reasonPart is null)
            Assert.Null(verdict.Reason);
        else
            Assert.Contains(reasonPart, verdict.Reason);
    }

    [Fact]
    public void Format_NonUtcOffset_WritesUtcWithZ()
    {
        var at = new DateTimeOffset(2025, 6, 1, 12, 30, 15, TimeSpan.FromHours(2));

        Assert.Equal("2025-06-01T10:30:15Z", HeartbeatRules.Format(at));
    }
}
