using System.Text.Json;
using Vigil.Core.Alerts;
using Vigil.Core.Alerts.Json;

namespace Vigil.Core.Monitors;

/// <summary>The alerting fields of a draft: rules, channels and parent.</summary>
public sealed partial class MonitorDraft
{
    public const int MaxChannels = 20;
    public const int MaxChannelRefLength = 200;
    public const int MaxParentRefLength = 200;

    /// <summary>The <c>"alerts"</c> object as sent; JSON null removes the monitor's own rules (the defaults apply again).</summary>
    public JsonElement? Alerts { get; set; }

    /// <summary>Channel ids or names. Only the shape is checked here; whether they exist is the channel directory's business.</summary>
    public IReadOnlyList<string>? Channels { get; set; }

    /// <summary>The parent monitor's id or slug, resolved by the monitor service (which knows the other monitors).</summary>
    public string? Parent { get; set; }

    /// <summary>The client sent <c>"parent": null</c>: the monitor no longer depends on another.</summary>
    public bool RemoveParent { get; set; }

    private AlertRules? ReadAlerts(AlertRules? current, AlertRuleScope scope, List<FieldError> errors, string prefix) => Alerts switch
    {
        null => current,
        { ValueKind: JsonValueKind.Null } => null,
        { } json => AlertRulesReader.Read(json, current, scope, errors, prefix + "alerts"),
    };

    private IReadOnlyList<string> ReadChannels(IReadOnlyList<string> current, List<FieldError> errors, string prefix)
    {
        if (Channels is null)
            return current;
        if (Channels.Count > MaxChannels)
            errors.Add(new(prefix + "channels", $"at most {MaxChannels} channels"));
        var channels = new List<string>(Channels.Count);
        for (var i = 0; i < Channels.Count; i++)
        {
            var channel = Channels[i]?.Trim() ?? "";
            if (channel.Length is 0 or > MaxChannelRefLength)
                errors.Add(new($"{prefix}channels[{i}]", $"must be a channel id or name of 1 to {MaxChannelRefLength} characters"));
            else if (!channels.Contains(channel, StringComparer.Ordinal))
                channels.Add(channel);
        }
        return channels.Count == 0 ? [] : channels.ToArray();
    }

    private void CheckParentReference(List<FieldError> errors, string prefix)
    {
        if (Parent is not null && (Parent.Trim().Length == 0 || Parent.Length > MaxParentRefLength))
            errors.Add(new(prefix + "parent", $"must be a monitor id or slug of 1 to {MaxParentRefLength} characters (null removes the parent)"));
    }
}
