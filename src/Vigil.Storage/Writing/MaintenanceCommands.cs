namespace Vigil.Storage.Writing;

/// <summary>A maintenance window as stored: <see cref="Definition"/> is its JSON, which storage does not interpret.</summary>
public sealed record StoredMaintenanceWindow(Guid Id, string Name, string Definition, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A monitor's silence as stored.</summary>
public sealed record StoredSilence(Guid MonitorId, DateTimeOffset Until, string Reason, DateTimeOffset CreatedAt);

/// <summary>Creates a window, or replaces the one with its id.</summary>
public sealed record SaveMaintenanceWindow(StoredMaintenanceWindow Window) : StoreCommand;

public sealed record DeleteMaintenanceWindow(Guid Id) : StoreCommand
{
    public bool Found { get; set; }
}

/// <summary>Silences a monitor, replacing its earlier silence.</summary>
public sealed record SaveSilence(StoredSilence Silence) : StoreCommand;

public sealed record DeleteSilence(Guid MonitorId) : StoreCommand
{
    public bool Found { get; set; }
}

/// <summary>Deletes silences that ended at or before <see cref="Now"/>, and those of the monitors in <see cref="Monitors"/>.</summary>
public sealed record DeleteSilences(DateTimeOffset Now, IReadOnlyList<Guid> Monitors) : StoreCommand
{
    public int Removed { get; set; }
}
