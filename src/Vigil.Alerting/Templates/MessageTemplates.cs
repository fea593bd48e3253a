using System.Text.Json;
using Vigil.Core.Checks.Json;

namespace Vigil.Alerting.Templates;

/// <summary>A template per <see cref="AlertKind"/>: the channel's own where its settings name one, the default otherwise.</summary>
public sealed class MessageTemplates
{
    /// <summary>The defaults: short, one line, the reason last because it is the longest part.</summary>
    public static readonly MessageTemplates Defaults = new(new Dictionary<AlertKind, MessageTemplate>
    {
        [AlertKind.Down] = MessageTemplate.Of("{name} is {status}: {reason}"),
        [AlertKind.Up] = MessageTemplate.Of("{name} is {status} again: {reason}"),
        [AlertKind.Reminder] = MessageTemplate.Of("{name} is still {status}: {reason}"),
        [AlertKind.Flapping] = MessageTemplate.Of("{name} is flapping: {reason}"),
        [AlertKind.Summary] = MessageTemplate.Of("{name}: {reason}"),
        [AlertKind.Notice] = MessageTemplate.Of("{name}: {reason}"),
        [AlertKind.System] = MessageTemplate.Of("Vigil itself: {reason}"),
    });

    private readonly IReadOnlyDictionary<AlertKind, MessageTemplate> _byKind;

    private MessageTemplates(IReadOnlyDictionary<AlertKind, MessageTemplate> byKind) => _byKind = byKind;

    public MessageTemplate For(AlertKind kind) => _byKind.TryGetValue(kind, out var own) ? own : Defaults._byKind[kind];

    public string Render(AlertMessage alert, Func<string, string>? escapeValue = null) => For(alert.Kind).Render(alert, escapeValue);

    /// <summary>
    /// Reads the optional <c>"templates"</c> object (<c>{"down": "...", "up": "..."}</c>, keys are alert kinds); errors
    /// name the key, e.g. <c>templates.down</c>.
    /// </summary>
    public static MessageTemplates Read(CheckFields fields, string name = "templates")
    {
        var raw = fields.Custom<JsonElement?>(name, null, v => v.ValueKind == JsonValueKind.Object
            ? (v, null)
            : (null, $"must be an object of templates by alert kind ({string.Join(", ", Enum.GetValues<AlertKind>().Select(MessageTemplate.KindName))})"));
        if (raw is not { } obj)
            return Defaults;
        var byKind = new Dictionary<AlertKind, MessageTemplate>();
        foreach (var property in obj.EnumerateObject())
        {
            var field = $"{name}.{property.Name}";
            if (!Enum.TryParse<AlertKind>(property.Name, ignoreCase: true, out var kind) || MessageTemplate.KindName(kind) != property.Name)
                fields.Error(field, $"is not an alert kind (known: {string.Join(", ", Enum.GetValues<AlertKind>().Select(MessageTemplate.KindName))})");
            else if (property.Value.ValueKind != JsonValueKind.String)
                fields.Error(field, "must be a string");
            else if (MessageTemplate.Parse(property.Value.GetString()!, out var error) is { } template)
                byKind[kind] = template;
            else
                fields.Error(field, error!);
        }
        return new MessageTemplates(byKind);
    }
}
