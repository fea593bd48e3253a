using Vigil.Core.Alerts;
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

    /// <summary>Which alert rules a rules object for this monitor may hold.</summary>
    public AlertRuleScope AlertScope => Check is null ? AlertRuleScope.Heartbeat : AlertRuleScope.Active;

    // The three alert settings share one optional object: most monitors have none of them and pay one null reference.
    private readonly AlertSettings? _alerting;

    /// <summary>The monitor's own alert rules; null: the configured defaults (per tag, then global) apply.</summary>
    public AlertRules? Alerts
    {
        get => _alerting?.Rules;
        init => _alerting = AlertSettings.Of(value, Channels, Parent);
    }

    /// <summary>Channel ids or names this monitor's alerts go to, as the client gave them (the channel directory resolves them).</summary>
    public IReadOnlyList<string> Channels
    {
        get => _alerting?.Channels ?? NoChannels;
        init => _alerting = AlertSettings.Of(Alerts, value, Parent);
    }

    /// <summary>The monitor this one depends on: while it is down, this one's alerts are held back.</summary>
    public Guid? Parent
    {
        get => _alerting?.Parent;
        init => _alerting = AlertSettings.Of(Alerts, Channels, value);
    }

    private static readonly string[] NoChannels = [];

    private sealed record AlertSettings(AlertRules? Rules, IReadOnlyList<string> Channels, Guid? Parent)
    {
        public static AlertSettings? Of(AlertRules? rules, IReadOnlyList<string> channels, Guid? parent) =>
            rules is null && channels.Count == 0 && parent is null ? null : new(rules, channels, parent);

        // Channels compare by content, so an edit that names the same channels is no change.
        public bool Equals(AlertSettings? other) =>
            other is not null && Rules == other.Rules && Parent == other.Parent && Channels.SequenceEqual(other.Channels);

        public override int GetHashCode() => HashCode.Combine(Rules, Parent, Channels.Count);
    }
}
