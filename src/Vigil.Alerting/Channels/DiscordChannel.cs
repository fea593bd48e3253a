using System.Text;
using System.Text.Json;
using Vigil.Alerting.Channels.Http;
using Vigil.Alerting.Templates;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

public sealed record DiscordSettings(Uri Url, TimeSpan Timeout, MessageTemplates Templates) : HttpChannelSettings(Url, Timeout, Templates);

/// <summary>
/// A Discord webhook: <c>{"content": ..., "allowed_mentions": {"parse": []}, "embeds": [one coloured embed]}</c>.
/// Discord answers 204. No mention in an alert ever pings anyone (a monitor named "@everyone" stays text), and the
/// values' Markdown is escaped so a reason such as "a_b_c" shows as written; the template's own Markdown works.
/// </summary>
public sealed class DiscordChannel(HttpChannelSender sender) : IChannel
{
    // Discord's limits: content 2,000, embed title 256, description 4,096, footer 2,048 characters.
    public const int MaxContent = 2000;
    private const int MaxTitle = 256;
    private const int MaxDescription = 4096;
    private const int MaxFooter = 2048;

    public string Type => "discord";

    /// <summary>The URL's path is the token.</summary>
    public IReadOnlyList<SecretSetting> Secrets { get; } = [SecretSetting.Url("url")];

    public ChannelSettings? Read(JsonElement json, List<FieldError> errors) =>
        HttpChannelFields.Read(json, errors, Type, [], (_, url, timeout, templates) => new DiscordSettings(url, timeout, templates));

    public Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken)
    {
        var discord = (DiscordSettings)settings;
        return sender.PostJsonAsync(discord, Payload(discord, alert), null, cancellationToken);
    }

    internal static byte[] Payload(DiscordSettings settings, AlertMessage alert) => ChannelJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("content", ChannelJson.Clip(settings.Templates.Render(alert, EscapeMarkdown), MaxContent));
        w.WriteStartObject("allowed_mentions");
        w.WriteStartArray("parse");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("embeds");
        w.WriteStartObject();
        w.WriteString("title", ChannelJson.Clip(alert.MonitorName, MaxTitle));
        if (alert.Link is { } link)
            w.WriteString("url", link);
        w.WriteString("description", ChannelJson.Clip(EscapeMarkdown(alert.Reason), MaxDescription));
        w.WriteNumber("color", AlertStyle.Rgb(alert.Kind));
        w.WriteString("timestamp", MessageTemplate.FormatTime(alert.At));
        w.WriteStartObject("footer");
        w.WriteString("text", ChannelJson.Clip($"{MessageTemplate.KindName(alert.Kind)} · {alert.MonitorStatus}", MaxFooter));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>A backslash before each character Discord's Markdown acts on.</summary>
    internal static string EscapeMarkdown(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '#' or '[' or ']' or '(' or ')')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
