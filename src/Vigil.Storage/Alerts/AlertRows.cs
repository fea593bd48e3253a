using Vigil.Core.States;

namespace Vigil.Storage.Alerts;

/// <summary>Where one channel's copy of an alert stands. Stored as its number, so never renumber.</summary>
public enum DeliveryState : byte
{
    Pending = 0,
    Delivered = 1,
    /// <summary>Given up: the receiver refused it, or kept failing past the retry time (the dead letter).</summary>
    Dead = 2,
    /// <summary>Held back by the storm guard or a restart and sent inside a summary instead.</summary>
    Folded = 3,
}

/// <summary>An outbox row (<see cref="MonitorId"/> null for Vigil's own notices): a flip (<see cref="From"/>/<see cref="To"/> set) or a notice, not yet turned into alerts.</summary>
public sealed record OutboxEntry(long Id, Guid? MonitorId, DateTimeOffset At, string Kind, MonitorStatus? From, MonitorStatus? To, string Reason, bool Resolves)
{
    public const string FlipKind = "flip";

    public bool IsFlip => Kind == FlipKind;
}

/// <summary>An alert to record, with one delivery per channel it goes to (none when suppressed).</summary>
/// <param name="Folds">Folded deliveries this summary alert carries; each is marked with the summary's id.</param>
public sealed record NewAlert(
    Guid Uid, Guid? MonitorId, string Kind, string Status, string Reason, DateTimeOffset At, DateTimeOffset CreatedAt,
    string? Suppressed, IReadOnlyList<NewDelivery> Deliveries, IReadOnlyList<long>? Folds = null)
{
    /// <summary>Filled in when committed.</summary>
    public long Id { get; internal set; }
}

public sealed record NewDelivery(Guid Channel, DeliveryState State, DateTimeOffset GiveUpAt)
{
    /// <summary>Filled in when committed.</summary>
    public long Id { get; internal set; }
}

/// <summary>A pending delivery, or a folded one no summary has carried yet, with its alert, as reloaded after a restart.</summary>
public sealed record OpenDelivery(
    long Id, Guid Channel, DeliveryState State, int Attempts, DateTimeOffset GiveUpAt,
    long AlertId, Guid AlertUid, Guid? MonitorId, string Kind, string Status, string Reason, DateTimeOffset At);

/// <summary>An alert with its deliveries and their attempts, as <c>/api/v1/alerts</c> lists it.</summary>
public sealed record StoredAlert(
    long Id, Guid Uid, Guid? MonitorId, string Kind, string Status, string Reason, DateTimeOffset At, DateTimeOffset CreatedAt,
    string? Suppressed, IReadOnlyList<StoredDelivery> Deliveries);

public sealed record StoredDelivery(
    long Id, Guid Channel, DeliveryState State, int Attempts, string? LastDetail, DateTimeOffset? DoneAt, long? Summary,
    IReadOnlyList<StoredAttempt> History);

public sealed record StoredAttempt(DateTimeOffset At, int Outcome, string Detail, int DurationMs);
