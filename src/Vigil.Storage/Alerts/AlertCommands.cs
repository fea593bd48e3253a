using Vigil.Storage.Writing;

namespace Vigil.Storage.Alerts;

/// <summary>
/// Records the alerts made from outbox rows up to <see cref="OutboxThrough"/> and deletes those rows, in one
/// transaction: a crash before it commits leaves the rows to be read again, after it the alerts exist. Also used with
/// <see cref="OutboxThrough"/> 0 for alerts with no outbox row (reminders, summaries).
/// </summary>
public sealed record RecordAlerts(long OutboxThrough, IReadOnlyList<NewAlert> Alerts) : StoreCommand;

/// <summary>One send attempt of a delivery and the state it leaves it in.</summary>
public sealed record RecordAttempt(long DeliveryId, DateTimeOffset At, int Outcome, string Detail, int DurationMs, DeliveryState State) : StoreCommand;

/// <summary>
/// Deletes up to <see cref="Chunk"/> alerts created before <see cref="Cutoff"/> whose deliveries are all finished,
/// with their deliveries and attempts. Send new rounds while <see cref="Removed"/> fills the chunk.
/// </summary>
public sealed record PurgeAlerts(DateTimeOffset Cutoff, int Chunk) : StoreCommand
{
    public int Removed { get; set; }
}
