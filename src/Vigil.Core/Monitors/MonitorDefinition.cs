using Vigil.Core.Checks;
using Vigil.Core.Schedules;

namespace Vigil.Core.Monitors;

/// <summary>
/// What a user declared about a monitor. Immutable: an edit makes a new definition.
/// A heartbeat monitor waits for pings on its <see cref="Schedule"/>; an active monitor has a <see cref="Check"/>
/// that Vigil runs itself, and its schedule is unused.
/// </summary>
public sealed record MonitorDefinition(
    Guid Id,
    string Name,
    string Slug,
    IReadOnlyList<string> Tags,
    string Description,
    Schedule Schedule,
    bool Paused,
    DateTimeOffset CreatedAt)
{
    /// <summary>The probe of an active monitor; null for a heartbeat monitor.</summary>
    public CheckSpec? Check { get; init; }

    /// <summary>The monitor type name the API shows: "heartbeat" or the check's type.</summary>
    public string Type => Check?.Type ?? HeartbeatType;

    public const string HeartbeatType = "heartbeat";
}
