using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Alerting.Channels;

/// <summary>
/// Hides a channel's secret settings for display, and keeps them through an edit: a PATCH that leaves a secret out, or
/// sends back the redacted form a GET showed, keeps the stored value; so a GET can be edited and sent back.
/// </summary>
public static class ChannelSecrets
{
    /// <summary>What a set secret value shows as.</summary>
    public const string Redacted = "(set)";

    /// <summary>The settings object with every secret replaced by its redacted form.</summary>
    public static JsonObject Redact(string settingsJson, IReadOnlyList<SecretSetting> secrets)
    {
        var settings = JsonNode.Parse(settingsJson) as JsonObject ?? [];
        foreach (var secret in secrets)
        {
            if (settings[secret.Field] is { } value)
                settings[secret.Field] = RedactValue(value, secret.Kind);
        }
        return settings;
    }

    /// <summary>
    /// <paramref name="stored"/> with <paramref name="patch"/>'s fields laid over it (JSON merge patch, RFC 7396, one
    /// level deep): a field given replaces the stored one, <c>null</c> removes it (back to its default), a field left
    /// out stays. A secret sent back in its redacted form keeps the stored value; in an object of secret values
    /// (headers) that holds per entry. <paramref name="skip"/> names fields the caller handles (name, type).
    /// </summary>
    public static JsonObject Merge(string stored, JsonElement patch, IReadOnlyList<SecretSetting> secrets, IReadOnlySet<string> skip)
    {
        var merged = JsonNode.Parse(stored) as JsonObject ?? [];
        foreach (var field in patch.EnumerateObject())
        {
            if (skip.Contains(field.Name))
                continue;
            var old = merged[field.Name];
            if (field.Value.ValueKind == JsonValueKind.Null)
            {
                merged.Remove(field.Name);
                continue;
            }
            var given = JsonNode.Parse(field.Value.GetRawText());
            var secret = secrets.FirstOrDefault(s => s.Field == field.Name);
            merged[field.Name] = secret is null || old is null ? given : Keep(old, given!, secret.Kind);
        }
        return merged;
    }

    /// <summary>The redacted form of a URL: scheme, host and port, never user info, path or query.</summary>
    public static string RedactUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Authority.Length > 0 ? $"{u.Scheme}://{u.Authority}/…" : Redacted;

    private static JsonNode RedactValue(JsonNode value, SecretKind kind) => kind switch
    {
        SecretKind.Url when value.GetValueKind() == JsonValueKind.String => RedactUrl(value.GetValue<string>()),
        SecretKind.MapValues when value is JsonObject map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Redacted))),
        _ => Redacted,
    };

    private static JsonNode? Keep(JsonNode old, JsonNode given, SecretKind kind)
    {
        if (kind == SecretKind.MapValues && old is JsonObject oldMap && given is JsonObject givenMap)
        {
            var kept = new JsonObject();
            foreach (var (name, value) in givenMap)
            {
                var stored = oldMap.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
                kept[name] = IsString(value, Redacted) && stored is not null ? stored.DeepClone() : value?.DeepClone();
            }
            return kept;
        }
        return JsonNode.DeepEquals(given, RedactValue(old, kind)) ? old.DeepClone() : given;
    }

    private static bool IsString(JsonNode? node, string text) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == text;
}
