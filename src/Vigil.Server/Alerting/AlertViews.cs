using Vigil.Alerting.Channels;
using Vigil.Storage.Alerts;

namespace Vigil.Server.Alerting;

/// <summary>An alert as <c>/api/v1/alerts</c> shows it: what happened, whether anyone was told, and each channel's attempts.</summary>
/// <param name="Id">The idempotency key receivers saw (webhooks get it as Idempotency-Key).</param>
/// <param name="Suppressed">Why nobody was told (maintenance, silence, parent down, flapping); absent when channels were told.</param>
public sealed record AlertView(
    Guid Id, Guid? MonitorId, string Kind, string Status, string Reason, DateTimeOffset At, DateTimeOffset CreatedAt,
    string? Suppressed, IReadOnlyList<DeliveryView> Deliveries);

/// <param name="State">pending, delivered, dead (the dead letter: refused, or out of retry time) or folded (sent inside a summary).</param>
public sealed record DeliveryView(
    Guid ChannelId, string? ChannelName, string State, int Attempts, string? LastDetail, DateTimeOffset? DoneAt, IReadOnlyList<AttemptView> History);

/// <param name="Outcome">delivered, retry or failed.</param>
public sealed record AttemptView(DateTimeOffset At, string Outcome, string Detail, int DurationMs);

public sealed record AlertPage(IReadOnlyList<AlertView> Alerts, string? NextCursor);

internal static class AlertViewMapping
{
    private static readonly string[] States = ["pending", "delivered", "dead", "folded"];
    private static readonly string[] Outcomes = ["delivered", "retry", "failed"];

    public static AlertView View(StoredAlert alert, ChannelDirectory channels) =>
        new(alert.Uid, alert.MonitorId, alert.Kind, alert.Status, alert.Reason, alert.At, alert.CreatedAt, alert.Suppressed,
            [.. alert.Deliveries.Select(d => new DeliveryView(
                d.Channel, channels.TryGet(d.Channel, out var live) ? live.Definition.Name : null, States[(int)d.State], d.Attempts,
                d.LastDetail, d.DoneAt, [.. d.History.Select(a => new AttemptView(a.At, Outcomes[a.Outcome], a.Detail, a.DurationMs))]))]);
}
