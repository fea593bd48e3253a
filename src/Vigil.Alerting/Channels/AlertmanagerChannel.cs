using System.Net.Http.Headers;
using System.Text.Json;
using Vigil.Alerting.Channels.Http;
using Vigil.Alerting.Templates;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

/// <summary>
/// Prometheus Alertmanager: <c>POST {url}/api/v2/alerts</c> with one alert. Every kind for a monitor carries the same
/// labels, so Alertmanager sees one alert that fires (Down, Reminder, Flapping) and is resolved (Up sets endsAt).
/// </summary>
public sealed class AlertmanagerChannel(HttpClient http, TimeProvider? time = null) : IChannel
{
    private static readonly HashSet<string> CallerFields = ["name", "type"];
    private static readonly HashSet<string> ReservedLabels = ["alertname", "monitor", "slug", "monitor_id", "severity"];

    public string Type => "alertmanager";

    /// <summary>Header values may be credentials for a proxy in front; the URL may carry user info.</summary>
    public IReadOnlyList<SecretSetting> Secrets { get; } = [SecretSetting.Url("url"), SecretSetting.MapValues("headers")];

    public ChannelSettings? Read(JsonElement json, List<FieldError> errors)
    {
        var f = new CheckFields(json, errors, "", CallerFields);
        var url = f.Custom<Uri?>("url", null, v => v.ValueKind == JsonValueKind.String && Uri.TryCreate(v.GetString(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            // A trailing slash, so a path prefix (https://host/alertmanager) stays when api/v2/alerts is appended.
            ? (new Uri(u.AbsoluteUri.EndsWith('/') ? u.AbsoluteUri : u.AbsoluteUri + "/"), null)
            : (null, "must be an absolute http:// or https:// URL (Alertmanager's base address)"));
        var settings = new AlertmanagerSettings(
            url ?? new Uri("http://invalid/"),
            f.Text("severity", "critical", s => s.Length is > 0 and <= 64 ? null : "must be 1 to 64 characters"),
            f.TextMap("labels", [], 20),
            f.TextMap("headers", [], 20),
            f.Seconds("timeout_seconds", TimeSpan.FromSeconds(10), 1, 120),
            TimeSpan.FromHours(f.Int("firing_hours", 24, 1, 8760)));
        if (!f.Has("url"))
            f.Error("url", "is required");
        foreach (var (label, _) in settings.Labels)
        {
            if (ReservedLabels.Contains(label))
                f.Error("labels", $"must not set \"{label}\": Vigil sets it");
            else if (!IsLabelName(label))
                f.Error("labels", $"\"{label}\" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        }
        foreach (var name in f.UnknownFields())
            f.Error(name, "is not a field of alertmanager channels (known: url, severity, labels, headers, timeout_seconds, firing_hours)");
        return f.HasErrors ? null : settings;
    }

    public async Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken)
    {
        var s = (AlertmanagerSettings)settings;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(s.Url, "api/v2/alerts"))
        {
            Content = new ByteArrayContent(Body(s, alert)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        foreach (var (name, value) in s.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return HttpOutcome.Of(response, time ?? TimeProvider.System);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpOutcome.TimedOut(s.Timeout);
        }
        catch (HttpRequestException e)
        {
            return HttpOutcome.Of(e);
        }
    }

    internal static byte[] Body(AlertmanagerSettings s, AlertMessage alert)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteStartObject("labels");
            // The same labels for every kind: Alertmanager identifies an alert by its label set.
            w.WriteString("alertname", "VigilMonitorDown");
            w.WriteString("monitor", alert.MonitorName);
            w.WriteString("slug", alert.MonitorSlug);
            w.WriteString("monitor_id", alert.MonitorId.ToString());
            w.WriteString("severity", s.Severity);
            foreach (var (name, value) in s.Labels)
                w.WriteString(name, value);
            w.WriteEndObject();
            w.WriteStartObject("annotations");
            w.WriteString("summary", $"{alert.MonitorName} is {alert.MonitorStatus}");
            w.WriteString("description", Text(alert));
            w.WriteString("status", alert.MonitorStatus);
            w.WriteString("kind", alert.Kind.ToString().ToLowerInvariant());
            w.WriteString("alert_id", alert.Id.ToString());
            w.WriteEndObject();
            if (alert.Kind == AlertKind.Up)
            {
                // No startsAt: Alertmanager keeps the firing alert's start and takes endsAt as the resolve time.
                w.WriteString("endsAt", alert.At.UtcDateTime);
            }
            else
            {
                // An explicit end, else Alertmanager resolves a firing alert after its resolve_timeout (5 min by default).
                w.WriteString("startsAt", alert.At.UtcDateTime);
                w.WriteString("endsAt", alert.At.UtcDateTime + s.FiringFor);
            }
            if (alert.Link is { } link)
                w.WriteString("generatorURL", link);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }

    private static string Text(AlertMessage a) => MessageTemplates.Defaults.Render(a);

    private static bool IsLabelName(string s) =>
        s.Length > 0 && !char.IsAsciiDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

/// <param name="FiringFor">How long a firing alert stays firing in Alertmanager without a reminder or an Up.</param>
public sealed record AlertmanagerSettings(
    Uri Url,
    string Severity,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    TimeSpan Timeout,
    TimeSpan FiringFor) : ChannelSettings
{
    // Header values may hold credentials.
    public override string ToString() =>
        $"AlertmanagerSettings {{ Url = {Url}, Severity = {Severity}, Headers = [{string.Join(", ", Headers.Select(h => h.Key))}] }}";
}
