using System.Text.Json;
using Vigil.Core.Pings;

namespace Vigil.Server.Endpoints;

/// <summary>One item of a batch: <c>{"uuid": "...", "kind": "success", "exit_status": 0, "at": "...", "rid": "...", "body": "..."}</c>,
/// or <c>"ping_key"</c> + <c>"slug"</c> in place of <c>"uuid"</c>.</summary>
internal readonly record struct BatchItem(Guid Id, string? PingKey, string? Slug, PingKind Kind, short ExitStatus, DateTimeOffset? At, string? Rid, string? Body)
{
    /// <summary>The item, or an error naming its bad field.</summary>
    public static (BatchItem Item, string? Error) Read(JsonElement item)
    {
        Guid id = default;
        string? key = null, slug = null, rid = null, body = null;
        var kind = PingKind.Success;
        short exit = -1;
        DateTimeOffset? at = null;
        // Field names are compared as UTF-8 in place (no string per field); a name is only materialised for an error.
        foreach (var field in item.EnumerateObject())
        {
            var v = field.Value;
            if (field.NameEquals("uuid"u8) || field.NameEquals("id"u8))
            {
                if (v.ValueKind != JsonValueKind.String || !TryGetUuid(v, out id))
                    return Fail($"{field.Name}: must be a UUID string");
            }
            else if (field.NameEquals("ping_key"u8)) key = StringOrNull(v);
            else if (field.NameEquals("slug"u8)) slug = StringOrNull(v);
            else if (field.NameEquals("rid"u8)) rid = StringOrNull(v);
            else if (field.NameEquals("body"u8)) body = StringOrNull(v);
            else if (field.NameEquals("kind"u8))
            {
                if (v.ValueKind != JsonValueKind.String || !TryGetKind(v, out kind))
                    return Fail("kind: must be one of success, start, fail, log");
            }
            else if (field.NameEquals("exit_status"u8))
            {
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var status) || status is < 0 or > 255)
                    return Fail("exit_status: must be a whole number from 0 to 255");
                exit = (short)status;
            }
            else if (field.NameEquals("at"u8))
            {
                if (v.ValueKind != JsonValueKind.String || !v.TryGetDateTimeOffset(out var time))
                    return Fail("at: must be an RFC 3339 timestamp, e.g. 2026-01-02T03:04:05Z");
                at = time;
            }
            else
            {
                return Fail($"{field.Name}: is not a ping field (known: uuid, ping_key, slug, kind, exit_status, at, rid, body)");
            }
        }
        if (id == Guid.Empty && (key is null || slug is null))
            return Fail("uuid: is required (or ping_key and slug)");
        if (exit > 0)
            kind = PingKind.Fail;
        return (new BatchItem(id, key, slug, kind, exit, at, rid, body), null);
    }

    private static (BatchItem, string?) Fail(string error) => (default, error);

    private static string? StringOrNull(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The usual hyphenated form is read from the JSON bytes; any other form Guid.TryParse knows still works.</summary>
    private static bool TryGetUuid(JsonElement value, out Guid id) => value.TryGetGuid(out id) || Guid.TryParse(value.GetString(), out id);

    /// <summary>The four names of <see cref="PingKindNames"/>, compared in place (exactly, as it does).</summary>
    private static bool TryGetKind(JsonElement value, out PingKind kind)
    {
        if (value.ValueEquals("success"u8)) kind = PingKind.Success;
        else if (value.ValueEquals("fail"u8)) kind = PingKind.Fail;
        else if (value.ValueEquals("start"u8)) kind = PingKind.Start;
        else if (value.ValueEquals("log"u8)) kind = PingKind.Log;
        else
        {
            kind = default;
            return false;
        }
        return true;
    }
}
