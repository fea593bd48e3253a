using Vigil.Core.Alerts;
using Vigil.Core.Schedules;

namespace Vigil.Core.Tests.Alerts;

public sealed class RunQualityTests
{
    private static readonly DateTimeOffset T0 = TestData.Origin;
    private static readonly SimpleSchedule Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
    private static readonly RunRules Rules = new(MaxRun: TimeSpan.FromMinutes(30), MinRun: TimeSpan.FromSeconds(10), EarlyTolerance: TimeSpan.FromMinutes(5));

    [Fact]
    public void ShortRun_FasterThanTheMinimum_GivesTheReason()
    {
        Assert.Equal("run finished in 2.5 s, shorter than the minimum of 10 s", RunQuality.ShortRun(Rules, TimeSpan.FromSeconds(2.5)));
    }

    [Fact]
    public void ShortRun_AtOrAboveTheMinimum_OrWithoutTheRule_IsFine()
    {
        Assert.Null(RunQuality.ShortRun(Rules, TimeSpan.FromSeconds(10)));
        Assert.Null(RunQuality.ShortRun(Rules with { MinRun = null }, TimeSpan.Zero));
        Assert.Null(RunQuality.ShortRun(null, TimeSpan.Zero));
    }

    [Fact]
    public void TooEarly_MoreThanTheToleranceBeforeTheExpectedTime_GivesTheReason()
    {
        var reason = RunQuality.TooEarly(Rules, Hourly, T0, T0.AddMinutes(54));

        Assert.Equal("pinged too early/too often: success at 2025-01-01T00:54:00Z, previous 2025-01-01T00:00:00Z; next expected 2025-01-01T01:00:00Z (tolerance 300 s)", reason);
    }

    [Theory]
    [InlineData(55)] // exactly the tolerance early
    [InlineData(60)]
    [InlineData(75)]
    public void TooEarly_WithinTheToleranceOrLate_IsFine(int minutes)
    {
        Assert.Null(RunQuality.TooEarly(Rules, Hourly, T0, T0.AddMinutes(minutes)));
    }

    [Fact]
    public void TooEarly_WithoutAPreviousSuccessOrRule_IsFine()
    {
        Assert.Null(RunQuality.TooEarly(Rules, Hourly, null, T0));
        Assert.Null(RunQuality.TooEarly(Rules with { EarlyTolerance = null }, Hourly, T0, T0.AddSeconds(1)));
    }

    [Fact]
    public void TooEarly_CronSchedule_ComparesWithTheNextOccurrence()
    {
        Assert.True(CronExpression.TryParse("0 2 * * *", out var cron, out _));
        var nightly = new CronSchedule(cron!, TimeZoneInfo.Utc, TimeSpan.FromMinutes(30));
        var ran = T0.AddHours(2).AddMinutes(1);

        Assert.NotNull(RunQuality.TooEarly(Rules, nightly, ran, ran.AddMinutes(10))); // ran twice in one night
        Assert.Null(RunQuality.TooEarly(Rules, nightly, ran, ran.AddDays(1).AddMinutes(-3))); // next night, a bit early
    }

    [Fact]
    public void OverrunAt_IsTheStartPlusTheLimit()
    {
        Assert.Equal(T0.AddMinutes(30), RunQuality.OverrunAt(Rules, T0));
        Assert.Null(RunQuality.OverrunAt(Rules with { MaxRun = null }, T0));
        Assert.Null(RunQuality.OverrunAt(null, T0));
        Assert.Equal("run started 2025-01-01T00:00:00Z is still running after 1800 s (limit 1800 s)", RunQuality.Overrun(Rules, T0, T0.AddMinutes(30)));
    }

    [Fact]
    public void NoRules_AllocateNothing()
    {
        RunQuality.TooEarly(null, Hourly, T0, T0); // JIT first
        RunQuality.ShortRun(null, TimeSpan.Zero);
        RunQuality.OverrunAt(null, T0);
        var inRange = Rules with { MinRun = TimeSpan.FromSeconds(1) };

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            RunQuality.TooEarly(null, Hourly, T0, T0.AddSeconds(i));
            RunQuality.ShortRun(null, TimeSpan.FromSeconds(i));
            RunQuality.OverrunAt(null, T0);
            RunQuality.TooEarly(inRange, Hourly, T0, T0.AddHours(1)); // a rule that holds costs nothing either
            RunQuality.ShortRun(inRange, TimeSpan.FromSeconds(5));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
