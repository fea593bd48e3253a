using System.Text.Json;
using Vigil.Alerting.Templates;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels.Http;

/// <summary>Reads the fields every HTTP channel has (url, timeout_seconds, templates), then the channel's own.</summary>
internal static class HttpChannelFields
{
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxTimeoutSeconds = 60;
    public const int MaxUrlLength = 2048;

    private static readonly string[] Common = ["url", "timeout_seconds", "templates"];

    /// <summary>"name" and "type" belong to the caller.</summary>
    private static readonly HashSet<string> CallerFields = new(StringComparer.Ordinal) { "name", "type" };

    /// <summary>
    /// The settings, or null with every bad field in <paramref name="errors"/>. <paramref name="own"/> reads the
    /// channel's own fields (named in <paramref name="ownFields"/> for the unknown-field message).
    /// </summary>
    public static T? Read<T>(JsonElement json, List<FieldError> errors, string type, IReadOnlyList<string> ownFields,
        Func<CheckFields, Uri, TimeSpan, MessageTemplates, T> own) where T : HttpChannelSettings
    {
        var f = new CheckFields(json, errors, "", CallerFields);
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("", $"{type} channel settings must be a JSON object"));
            return null;
        }
        var url = f.Custom<Uri?>("url", null, ParseUrl);
        if (!f.Has("url"))
            f.Error("url", "is required");
        var timeout = f.Seconds("timeout_seconds", TimeSpan.FromSeconds(DefaultTimeoutSeconds), 1, MaxTimeoutSeconds);
        var templates = MessageTemplates.Read(f);
        var settings = own(f, url ?? new Uri("http://invalid/"), timeout, templates);
        foreach (var name in f.UnknownFields().ToList())
            f.Error(name, $"is not a field of {type} channels (known: {string.Join(", ", Common.Concat(ownFields))})");
        return f.HasErrors ? null : settings;
    }

    private static (Uri? Value, string? Error) ParseUrl(JsonElement v) =>
        v.ValueKind == JsonValueKind.String && v.GetString()!.Length <= MaxUrlLength
            && Uri.TryCreate(v.GetString(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? (u, null)
            : (null, $"must be an absolute http:// or https:// URL of at most {MaxUrlLength} characters");
}
