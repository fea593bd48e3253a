using Vigil.Core.Schedules;

namespace Vigil.Core.Monitors;

/// <summary>What a user declared about a heartbeat monitor. Immutable: an edit makes a new definition.</summary>
public sealed record MonitorDefinition(
    Guid Id,
    string Name,
    string Slug,
    IReadOnlyList<string> Tags,
    string Description,
    Schedule Schedule,
    bool Paused,
    DateTimeOffset CreatedAt);
