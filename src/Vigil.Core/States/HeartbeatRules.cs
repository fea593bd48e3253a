using System.Globalization;
using Vigil.Core.Schedules;

namespace Vigil.Core.States;

/// <summary>What the clock alone does to a heartbeat monitor: the timed half of its state machine.</summary>
public readonly record struct Verdict(MonitorStatus Status, string? Reason, DateTimeOffset? NextCheck);

public static class HeartbeatRules
{
    /// <summary>
    /// Judges a monitor at <paramref name="now"/>. Up goes late once the expected ping is overdue and down once grace has
    /// passed too; a run that started and has not finished within grace is down. New, down and paused monitors only move
    /// on a ping or an API call, so the clock leaves them alone (apart from a new monitor's unfinished first run).
    /// </summary>
    public static Verdict Evaluate(Schedule schedule, MonitorStatus status, DateTimeOffset? lastSuccess, DateTimeOffset? openStart, DateTimeOffset now)
    {
        if (status is MonitorStatus.Down or MonitorStatus.Paused)
            return new(status, null, null);

        var runDeadline = openStart is { } start && (lastSuccess is null || start >= lastSuccess) ? Add(start, schedule.Grace) : (DateTimeOffset?)null;
        if (status == MonitorStatus.New || lastSuccess is null)
        {
            if (runDeadline is not { } rd)
                return new(status, null, null);
            return now >= rd ? new(MonitorStatus.Down, RunTimeout(openStart!.Value, schedule.Grace), null) : new(status, null, rd);
        }

        var due = schedule.NextExpected(lastSuccess.Value);
        var downAt = Add(due, schedule.Grace);
        if (runDeadline is { } r && r < downAt && now >= r)
            return new(MonitorStatus.Down, RunTimeout(openStart!.Value, schedule.Grace), null);
        if (now >= downAt)
            return new(MonitorStatus.Down, $"no ping since {Format(lastSuccess.Value)}; expected by {Format(due)}, grace ended {Format(downAt)}", null);
        if (now >= due)
            return new(MonitorStatus.Late, $"no ping since {Format(lastSuccess.Value)}; expected by {Format(due)}", Min(downAt, runDeadline));
        return new(MonitorStatus.Up, null, Min(due, runDeadline));
    }

    private static string RunTimeout(DateTimeOffset start, TimeSpan grace) =>
        $"run started {Format(start)} did not finish within the grace time of {grace.TotalSeconds:0} s";

    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Add(DateTimeOffset at, TimeSpan span) =>
        DateTimeOffset.MaxValue - at <= span ? DateTimeOffset.MaxValue : at + span;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset? b) => b is { } v && v < a ? v : a;
}
