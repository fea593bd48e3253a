namespace Vigil.Alerting;

/// <summary>What happened to a monitor, as a channel delivers it.</summary>
public enum AlertKind
{
    /// <summary>The monitor went down (or late past its grace).</summary>
    Down,
    /// <summary>It recovered: resolves the Down alert.</summary>
    Up,
    /// <summary>Still down: a reminder at the rule's re-alert interval.</summary>
    Reminder,
    /// <summary>Too many state changes in the window: one alert, then quiet until stable.</summary>
    Flapping,
    /// <summary>Many alerts at once folded into one message by the storm guard (or after a restart).</summary>
    Summary,
    /// <summary>Not a status change: a run too long or too short, a ping too early, a check threshold crossed.</summary>
    Notice,
    /// <summary>Trouble in Vigil itself (storage, write queue, its own performance thresholds), never a target's.</summary>
    System,
}

/// <summary>
/// One alert for one channel. <see cref="Id"/> is the idempotency key: the same alert retried carries the same id, so a
/// receiver that saw it once can drop the repeat (webhooks get it in a header). Times are UTC.
/// </summary>
/// <param name="MonitorStatus">The status entered, as the API names it ("down", "up", "late" …).</param>
/// <param name="Link">The monitor's page or API URL, when Vigil knows its public address.</param>
public sealed record AlertMessage(
    Guid Id,
    AlertKind Kind,
    Guid MonitorId,
    string MonitorName,
    string MonitorSlug,
    string MonitorStatus,
    string Reason,
    DateTimeOffset At,
    string? Link);
