using System.Text.Json;
using Vigil.Alerting.Channels.Http;
using Vigil.Alerting.Templates;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

public sealed record TeamsSettings(Uri Url, TimeSpan Timeout, MessageTemplates Templates) : HttpChannelSettings(Url, Timeout, Templates);

/// <summary>
/// Microsoft Teams through a Workflows ("When a Teams webhook request is received") URL: a message whose one
/// attachment is an Adaptive Card (1.4). Adaptive Card, not the older MessageCard, because Microsoft retired the Office
/// 365 connectors that took MessageCards, and the Workflows webhook that replaces them posts Adaptive Cards. Teams
/// answers 202 Accepted. Text goes in as plain TextBlock text (serializer-escaped JSON); the card adds facts and a link button.
/// </summary>
public sealed class TeamsChannel(HttpChannelSender sender) : IChannel
{
    public const int MaxText = 20_000;

    public string Type => "teams";

    /// <summary>The Workflows URL carries its signature in the query.</summary>
    public IReadOnlyList<SecretSetting> Secrets { get; } = [SecretSetting.Url("url")];

    public ChannelSettings? Read(JsonElement json, List<FieldError> errors) =>
        HttpChannelFields.Read(json, errors, Type, [], (_, url, timeout, templates) => new TeamsSettings(url, timeout, templates));

    public Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken)
    {
        var teams = (TeamsSettings)settings;
        return sender.PostJsonAsync(teams, Payload(teams, alert), null, cancellationToken);
    }

    internal static byte[] Payload(TeamsSettings settings, AlertMessage alert) => ChannelJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "message");
        w.WriteStartArray("attachments");
        w.WriteStartObject();
        w.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
        w.WriteStartObject("content");
        w.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        w.WriteString("type", "AdaptiveCard");
        w.WriteString("version", "1.4");
        w.WriteStartArray("body");
        w.WriteStartObject();
        w.WriteString("type", "TextBlock");
        w.WriteString("text", ChannelJson.Clip(settings.Templates.Render(alert), MaxText));
        w.WriteBoolean("wrap", true);
        w.WriteString("weight", "Bolder");
        w.WriteString("color", AlertStyle.AdaptiveColor(alert.Kind));
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("type", "FactSet");
        w.WriteStartArray("facts");
        Fact(w, "Monitor", alert.MonitorName);
        Fact(w, "Status", alert.MonitorStatus);
        Fact(w, "Alert", MessageTemplate.KindName(alert.Kind));
        Fact(w, "Time", MessageTemplate.FormatTime(alert.At));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        if (alert.Link is { } link)
        {
            w.WriteStartArray("actions");
            w.WriteStartObject();
            w.WriteString("type", "Action.OpenUrl");
            w.WriteString("title", "Open in Vigil");
            w.WriteString("url", link);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Fact(Utf8JsonWriter w, string title, string value)
    {
        w.WriteStartObject();
        w.WriteString("title", title);
        w.WriteString("value", value);
        w.WriteEndObject();
    }
}
