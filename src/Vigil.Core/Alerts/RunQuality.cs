using System.Globalization;
using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Core.Alerts;

/// <summary>
/// Run-quality rules of heartbeat monitors, judged on the ping path. Each check returns null at once when the monitor
/// has no such rule, so a monitor without run rules pays a null test and allocates nothing; the reason text is built
/// only when a rule is broken.
/// </summary>
public static class RunQuality
{
    /// <summary>A finished run that took less than <c>min_run_seconds</c>: the reason, else null.</summary>
    public static string? ShortRun(RunRules? rules, TimeSpan duration) =>
        rules?.MinRun is { } min && duration < min
            ? $"run finished in {Seconds(duration)} s, shorter than the minimum of {Seconds(min)} s"
            : null;

    /// <summary>
    /// A success ping at <paramref name="at"/> more than <c>early_tolerance_seconds</c> before the schedule expected it
    /// after <paramref name="previousSuccess"/>: the reason, else null (also when there was no previous success).
    /// </summary>
    public static string? TooEarly(RunRules? rules, Schedule schedule, DateTimeOffset? previousSuccess, DateTimeOffset at)
    {
        if (rules?.EarlyTolerance is not { } tolerance || previousSuccess is not { } previous)
            return null;
        var expected = schedule.NextExpected(previous);
        if (expected == DateTimeOffset.MaxValue || expected - at <= tolerance)
            return null;
        return $"pinged too early/too often: success at {HeartbeatRules.Format(at)}, previous {HeartbeatRules.Format(previous)}; " +
               $"next expected {HeartbeatRules.Format(expected)} (tolerance {Seconds(tolerance)} s)";
    }

    /// <summary>When a run that started at <paramref name="openStart"/> has run too long (<c>max_run_seconds</c>); null without that rule.</summary>
    public static DateTimeOffset? OverrunAt(RunRules? rules, DateTimeOffset openStart) =>
        rules?.MaxRun is { } max ? (DateTimeOffset.MaxValue - openStart <= max ? DateTimeOffset.MaxValue : openStart + max) : null;

    /// <summary>The reason for an overrun found at <paramref name="now"/>.</summary>
    public static string Overrun(RunRules rules, DateTimeOffset openStart, DateTimeOffset now) =>
        $"run started {HeartbeatRules.Format(openStart)} is still running after {Seconds(now - openStart)} s (limit {Seconds(rules.MaxRun ?? TimeSpan.Zero)} s)";

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span.Ticks % TimeSpan.TicksPerSecond == 0 ? "0" : "0.###", CultureInfo.InvariantCulture);
}
