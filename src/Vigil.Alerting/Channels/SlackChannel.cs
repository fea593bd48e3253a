using System.Text.Json;
using Vigil.Alerting.Channels.Http;
using Vigil.Alerting.Templates;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

public sealed record SlackSettings(Uri Url, TimeSpan Timeout, MessageTemplates Templates) : HttpChannelSettings(Url, Timeout, Templates);

/// <summary>
/// A Slack incoming webhook (or a Slack-compatible one: Mattermost, Rocket.Chat): <c>{"text": ..., "attachments": [...]}</c>
/// with one attachment coloured by kind. Legacy attachments rather than blocks because the compatible servers read them
/// too, and they give the coloured bar.
/// </summary>
public sealed class SlackChannel(HttpChannelSender sender) : IChannel
{
    /// <summary>Slack truncates a message's text after 40,000 characters.</summary>
    public const int MaxText = 40_000;

    public string Type => "slack";

    /// <summary>The URL's path is the token.</summary>
    public IReadOnlyList<SecretSetting> Secrets { get; } = [SecretSetting.Url("url")];

    public ChannelSettings? Read(JsonElement json, List<FieldError> errors) =>
        HttpChannelFields.Read(json, errors, Type, [], (_, url, timeout, templates) => new SlackSettings(url, timeout, templates));

    public Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken)
    {
        var slack = (SlackSettings)settings;
        return sender.PostJsonAsync(slack, Payload(slack, alert), null, cancellationToken);
    }

    internal static byte[] Payload(SlackSettings settings, AlertMessage alert) => ChannelJson.Write(w =>
    {
        // Slack's text format gives &, < and > meaning (links, mentions); the whole text is escaped so none fire.
        var text = ChannelJson.Clip(Escape(settings.Templates.Render(alert)), MaxText);
        w.WriteStartObject();
        w.WriteString("text", text);
        w.WriteStartArray("attachments");
        w.WriteStartObject();
        w.WriteString("color", AlertStyle.Hex(alert.Kind));
        w.WriteString("fallback", text);
        w.WriteString("title", Escape(alert.MonitorName));
        if (alert.Link is { } link)
            w.WriteString("title_link", link);
        w.WriteString("text", ChannelJson.Clip(Escape(alert.Reason), MaxText));
        w.WriteString("footer", $"{MessageTemplate.KindName(alert.Kind)} · {Escape(alert.MonitorStatus)}");
        w.WriteNumber("ts", alert.At.ToUnixTimeSeconds());
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    internal static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
