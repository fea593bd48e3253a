namespace Vigil.Core.Channels;

/// <summary>
/// A notification channel as stored: its name (unique, case-insensitive), its type ("webhook", "smtp" …) and the
/// type's settings as the user gave them (a JSON object without "name" and "type"; secrets included, the database is
/// the user's own). Lives in Core so storage and alerting share it without depending on each other.
/// </summary>
public sealed record ChannelDefinition(
    Guid Id,
    string Name,
    string Type,
    string SettingsJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
