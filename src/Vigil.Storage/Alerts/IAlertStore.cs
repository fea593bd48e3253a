namespace Vigil.Storage.Alerts;

/// <summary>What the alert pipeline and the alerts API read. Writes go through the batching writer's commands.</summary>
public interface IAlertStore
{
    /// <summary>Outbox rows after <paramref name="afterId"/>, oldest first.</summary>
    IReadOnlyList<OutboxEntry> ReadOutbox(long afterId, int limit);

    /// <summary>Every delivery still pending, or folded with no summary yet, oldest first (read once at start).</summary>
    IReadOnlyList<OpenDelivery> LoadOpenDeliveries();

    /// <summary>Alerts newest first, with their deliveries and attempts.</summary>
    IReadOnlyList<StoredAlert> ReadAlerts(AlertQuery query);

    /// <summary>When each monitor was last told it is down (a down or reminder alert that was sent), by monitor id.</summary>
    IReadOnlyDictionary<Guid, DateTimeOffset> LastDownAlerts();
}

/// <param name="MonitorId">Only this monitor's alerts; null for all.</param>
/// <param name="BeforeId">The paging cursor: alerts older than this id.</param>
/// <param name="DeadOnly">Only alerts with a delivery that went dead (the dead letters).</param>
public sealed record AlertQuery(Guid? MonitorId, long? BeforeId, int Limit, bool DeadOnly = false);
