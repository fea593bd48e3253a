using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Alerting.Channels.Http;
using Vigil.Alerting.Templates;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

/// <summary>A generic webhook: the settings' extra headers are sent as given; <see cref="Secret"/> signs the body.</summary>
public sealed record WebhookSettings(Uri Url, TimeSpan Timeout, MessageTemplates Templates,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string? Secret) : HttpChannelSettings(Url, Timeout, Templates);

/// <summary>
/// POSTs the alert as JSON (<c>id, kind, text, monitor {id, name, slug, status}, reason, at, link</c>) with
/// <c>Idempotency-Key: &lt;alert id&gt;</c> (the same on every retry of one alert) and, when a secret is set, the
/// signature described on <see cref="WebhookSignature"/>.
/// </summary>
public sealed partial class WebhookChannel(HttpChannelSender sender) : IChannel
{
    public const int MaxHeaders = 20;
    public const int MaxHeaderValueLength = 4096;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 1024;

    /// <summary>Headers Vigil sets itself or that HTTP owns: a setting may not replace them.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive",
        "Upgrade", "TE", "Trailer", "Expect", "Idempotency-Key", WebhookSignature.SignatureHeader, WebhookSignature.TimestampHeader,
    };

    public string Type => "webhook";

    public IReadOnlyList<SecretSetting> Secrets { get; } = [SecretSetting.Url("url"), SecretSetting.Value("secret"), SecretSetting.MapValues("headers")];

    public ChannelSettings? Read(JsonElement json, List<FieldError> errors) =>
        HttpChannelFields.Read(json, errors, Type, ["headers", "secret"], (f, url, timeout, templates) => new WebhookSettings(
            url, timeout, templates,
            ReadHeaders(f),
            f.OptionalText("secret", null, s => s.Length is >= MinSecretLength and <= MaxSecretLength
                ? null
                : $"must be {MinSecretLength} to {MaxSecretLength} characters")));

    public Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken)
    {
        var webhook = (WebhookSettings)settings;
        var body = Payload(webhook, alert);
        return sender.PostJsonAsync(webhook, body, headers =>
        {
            foreach (var (name, value) in webhook.Headers)
                headers.TryAddWithoutValidation(name, value);
            headers.Add("Idempotency-Key", alert.Id.ToString("D"));
            if (webhook.Secret is { } secret)
            {
                var now = sender.Time.GetUtcNow().ToUnixTimeSeconds();
                headers.Add(WebhookSignature.TimestampHeader, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
                headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, now, body));
            }
        }, cancellationToken);
    }

    internal static byte[] Payload(WebhookSettings settings, AlertMessage alert) => ChannelJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", alert.Id);
        w.WriteString("kind", MessageTemplate.KindName(alert.Kind));
        w.WriteString("text", settings.Templates.Render(alert));
        w.WriteStartObject("monitor");
        w.WriteString("id", alert.MonitorId);
        w.WriteString("name", alert.MonitorName);
        w.WriteString("slug", alert.MonitorSlug);
        w.WriteString("status", alert.MonitorStatus);
        w.WriteEndObject();
        w.WriteString("reason", alert.Reason);
        w.WriteString("at", MessageTemplate.FormatTime(alert.At));
        w.WriteString("link", alert.Link);
        w.WriteEndObject();
    });

    private static IReadOnlyList<KeyValuePair<string, string>> ReadHeaders(CheckFields f)
    {
        var headers = f.TextMap("headers", [], MaxHeaders);
        foreach (var (name, value) in headers)
        {
            // The message never repeats the value: it may be a token.
            var problem = !HeaderName().IsMatch(name) ? "is not a valid HTTP header name"
                : Reserved.Contains(name) || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) ? "is set by Vigil and cannot be configured"
                : value.Length > MaxHeaderValueLength ? $"must be at most {MaxHeaderValueLength} characters"
                : value.Any(c => c > '~' || (c < ' ' && c != '\t')) ? "must be printable ASCII (no line breaks)"
                : null;
            if (problem is not null)
                f.Error($"headers.{name}", problem);
        }
        return headers;
    }

    /// <summary>An RFC 9110 token.</summary>
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$")]
    private static partial Regex HeaderName();
}
