using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;
using Vigil.Server.Http;
using Vigil.Storage;

namespace Vigil.Server.Monitors;

/// <summary>Turns live monitors and stored rows into what the API shows.</summary>
public static class MonitorViews
{
    public static MonitorView View(MonitorRuntime monitor, string baseUrl)
    {
        var definition = monitor.Definition;
        var status = monitor.Status;
        var lastSuccess = monitor.LastSuccessAt;
        DateTimeOffset? next = status is MonitorStatus.Up or MonitorStatus.Late && lastSuccess is { } last
            ? definition.Schedule.NextExpected(last)
            : null;
        var (period, cron, zone) = definition.Schedule switch
        {
            SimpleSchedule s => ((long?)s.Period.TotalSeconds, (string?)null, (string?)null),
            CronSchedule c => (null, c.Expression.Text, c.Zone.Id),
            _ => (null, null, null),
        };
        return new MonitorView(
            definition.Id, definition.Name, definition.Slug, "heartbeat", definition.Tags, definition.Description,
            period, (long)definition.Schedule.Grace.TotalSeconds, cron, zone, definition.Paused,
            status.ToName(), monitor.StatusChangedAt, monitor.LastPingAt, lastSuccess, next == DateTimeOffset.MaxValue ? null : next,
            monitor.OpenStartAt, monitor.PingCount, definition.CreatedAt, $"{baseUrl}/ping/{definition.Id}");
    }

    public static PingView View(StoredPing ping) =>
        new(ping.Id, ping.At, Core.Pings.PingKindNames.ToName(ping.Kind), ping.ExitStatus, ping.DurationMs, ping.Rid,
            ping.Body, ping.BodyTruncated, ping.Method, ping.RemoteAddress, ping.UserAgent);

    public static FlipView View(StoredFlip flip) => new(flip.Id, flip.At, flip.From.ToName(), flip.To.ToName(), flip.Reason);
}
