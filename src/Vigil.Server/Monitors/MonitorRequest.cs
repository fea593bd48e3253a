using System.Text.Json;
using Vigil.Core.Monitors;

namespace Vigil.Server.Monitors;

/// <summary>Reads a monitor create/update body into a <see cref="MonitorDraft"/>, naming each bad field.</summary>
public static class MonitorRequest
{
    // Fields the API writes; a client may send a monitor back as it got it, so these are accepted and ignored.
    private static readonly HashSet<string> ReadOnly =
    [
        "id", "status", "status_changed_at", "last_ping_at", "last_success_at", "next_expected_at",
        "started_at", "ping_count", "created_at", "ping_url", "last_result", "uptime",
    ];

    public static MonitorDraft Parse(JsonElement root, List<FieldError> errors)
    {
        var draft = new MonitorDraft();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("(body)", "must be a JSON object"));
            return draft;
        }
        List<JsonProperty>? checkFields = null;
        foreach (var field in root.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "name": draft.Name = String(field.Name, value, errors); break;
                case "slug": draft.Slug = String(field.Name, value, errors); break;
                case "type": draft.Type = String(field.Name, value, errors); break;
                case "description": draft.Description = String(field.Name, value, errors); break;
                case "cron": draft.Cron = NullableString(value, field.Name, errors); break;
                case "timezone": draft.Timezone = NullableString(value, field.Name, errors); break;
                case "period_seconds": draft.PeriodSeconds = NullableInteger(value, field.Name, errors); break;
                case "grace_seconds": draft.GraceSeconds = Integer(field.Name, value, errors); break;
                case "paused":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        draft.Paused = value.GetBoolean();
                    else
                        errors.Add(new(field.Name, "must be true or false"));
                    break;
                case "tags": draft.Tags = Strings("tags", value, errors); break;
                case "alerts": draft.Alerts = value.Clone(); break; // checked against the monitor's type by the draft
                case "channels": draft.Channels = value.ValueKind == JsonValueKind.Null ? [] : Strings("channels", value, errors); break;
                case "parent":
                    if (value.ValueKind == JsonValueKind.Null)
                        draft.RemoveParent = true;
                    else
                        draft.Parent = String(field.Name, value, errors);
                    break;
                default:
                    // The monitor type's own fields (url, host …): the draft checks them against its type.
                    if (!ReadOnly.Contains(field.Name))
                        (checkFields ??= []).Add(field);
                    break;
            }
        }
        if (checkFields is not null)
            draft.CheckFields = ToObject(checkFields);
        return draft;
    }

    private static JsonElement ToObject(List<JsonProperty> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in fields)
                field.WriteTo(writer);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static string? String(string name, JsonElement value, List<FieldError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        errors.Add(new(name, "must be a string"));
        return null;
    }

    // In a PATCH, null switches the other schedule kind off (e.g. "cron": null when moving to period_seconds).
    private static string? NullableString(JsonElement value, string name, List<FieldError> errors) =>
        value.ValueKind == JsonValueKind.Null ? null : String(name, value, errors);

    private static long? NullableInteger(JsonElement value, string name, List<FieldError> errors) =>
        value.ValueKind == JsonValueKind.Null ? null : Integer(name, value, errors);

    private static long? Integer(string name, JsonElement value, List<FieldError> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            return number;
        errors.Add(new(name, "must be a whole number"));
        return null;
    }

    private static string[]? Strings(string name, JsonElement value, List<FieldError> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(name, "must be an array of strings"));
            return null;
        }
        var items = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
                items.Add(item.GetString()!);
            else
                errors.Add(new($"{name}[{i}]", "must be a string"));
            i++;
        }
        return [.. items];
    }
}
