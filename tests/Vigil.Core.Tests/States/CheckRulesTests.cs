using Vigil.Core.Checks;
using Vigil.Core.States;

namespace Vigil.Core.Tests.States;

public class CheckRulesTests
{
    private static MonitorStatus Run(MonitorStatus start, int failuresBeforeDown, int successesBeforeUp, params CheckStatus[] results)
    {
        var streaks = new CheckStreaks();
        var status = start;
        foreach (var result in results)
            status = CheckRules.Next(status, result, result == CheckStatus.Down ? CheckError.Connect : CheckError.None, ref streaks, failuresBeforeDown, successesBeforeUp);
        return status;
    }

    [Theory]
    [InlineData(MonitorStatus.New, CheckStatus.Up, MonitorStatus.Up)]
    [InlineData(MonitorStatus.New, CheckStatus.Degraded, MonitorStatus.Degraded)]
    [InlineData(MonitorStatus.New, CheckStatus.Down, MonitorStatus.Down)]
    [InlineData(MonitorStatus.Up, CheckStatus.Degraded, MonitorStatus.Degraded)]
    [InlineData(MonitorStatus.Degraded, CheckStatus.Up, MonitorStatus.Up)]
    [InlineData(MonitorStatus.Down, CheckStatus.Up, MonitorStatus.Up)]
    [InlineData(MonitorStatus.Down, CheckStatus.Degraded, MonitorStatus.Degraded)]
    [InlineData(MonitorStatus.Paused, CheckStatus.Down, MonitorStatus.Paused)]
    public void With_defaults_one_result_decides(MonitorStatus start, CheckStatus result, MonitorStatus expected) =>
        Assert.Equal(expected, Run(start, 1, 1, result));

    [Fact]
    public void Goes_down_only_after_n_failures_in_a_row()
    {
        Assert.Equal(MonitorStatus.Up, Run(MonitorStatus.Up, 3, 1, CheckStatus.Down, CheckStatus.Down));
        Assert.Equal(MonitorStatus.Down, Run(MonitorStatus.Up, 3, 1, CheckStatus.Down, CheckStatus.Down, CheckStatus.Down));
        // A good run in between starts the count again.
        Assert.Equal(MonitorStatus.Up, Run(MonitorStatus.Up, 3, 1, CheckStatus.Down, CheckStatus.Down, CheckStatus.Up, CheckStatus.Down, CheckStatus.Down));
    }

    [Fact]
    public void Comes_back_only_after_m_successes_in_a_row()
    {
        Assert.Equal(MonitorStatus.Down, Run(MonitorStatus.Down, 1, 2, CheckStatus.Up));
        Assert.Equal(MonitorStatus.Up, Run(MonitorStatus.Down, 1, 2, CheckStatus.Up, CheckStatus.Up));
        Assert.Equal(MonitorStatus.Down, Run(MonitorStatus.Down, 1, 2, CheckStatus.Up, CheckStatus.Down, CheckStatus.Up));
        Assert.Equal(MonitorStatus.Degraded, Run(MonitorStatus.Down, 1, 2, CheckStatus.Up, CheckStatus.Degraded));
    }

    [Fact]
    public void A_full_pool_is_not_the_targets_failure_and_keeps_the_streaks()
    {
        var streaks = new CheckStreaks();
        var status = CheckRules.Next(MonitorStatus.Up, CheckStatus.Down, CheckError.Connect, ref streaks, 2, 1);
        status = CheckRules.Next(status, CheckStatus.Down, CheckError.PoolExhausted, ref streaks, 2, 1);
        Assert.Equal(MonitorStatus.Up, status);
        Assert.Equal(1, streaks.Failures);
        status = CheckRules.Next(status, CheckStatus.Down, CheckError.Timeout, ref streaks, 2, 1);
        Assert.Equal(MonitorStatus.Down, status);
    }
}
