using Vigil.Core.Checks;

namespace Vigil.Core.States;

/// <summary>Runs in a row of one kind, so a single blip neither takes a monitor down nor brings it back.</summary>
public struct CheckStreaks
{
    public int Failures;
    public int Successes;
}

/// <summary>What one check result does to an active monitor: the other half of the state machine from <see cref="HeartbeatRules"/>.</summary>
public static class CheckRules
{
    /// <summary>
    /// The status after <paramref name="result"/>. A monitor goes down after <paramref name="failuresBeforeDown"/> failures
    /// in a row and comes back after <paramref name="successesBeforeUp"/> good runs in a row; new, up and degraded monitors
    /// follow each good run at once (up, or degraded when it was slow). A pool_exhausted run is Vigil's own shortage, not
    /// the target's: it changes nothing, not even the streaks.
    /// </summary>
    public static MonitorStatus Next(MonitorStatus current, CheckStatus result, CheckError error, ref CheckStreaks streaks, int failuresBeforeDown, int successesBeforeUp)
    {
        if (current == MonitorStatus.Paused || error == CheckError.PoolExhausted)
            return current;
        if (result == CheckStatus.Down)
        {
            streaks.Failures++;
            streaks.Successes = 0;
            return streaks.Failures >= failuresBeforeDown ? MonitorStatus.Down : current;
        }
        streaks.Successes++;
        streaks.Failures = 0;
        if (current == MonitorStatus.Down && streaks.Successes < successesBeforeUp)
            return current;
        return result == CheckStatus.Degraded ? MonitorStatus.Degraded : MonitorStatus.Up;
    }
}
