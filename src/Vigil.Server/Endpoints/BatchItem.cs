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
        foreach (var field in item.EnumerateObject())
        {
            var v = field.Value;
            switch (field.Name)
            {
                case "uuid" or "id":
                    if (v.ValueKind != JsonValueKind.String || !Guid.TryParse(v.GetString(), out id))
                        return Fail($"{field.Name}: must be a UUID string");
                    break;
                case "ping_key": key = v.ValueKind == JsonValueKind.String ? v.GetString() : null; break;
                case "slug": slug = v.ValueKind == JsonValueKind.String ? v.GetString() : null; break;
                case "rid": rid = v.ValueKind == JsonValueKind.String ? v.GetString() : null; break;
                case "body": body = v.ValueKind == JsonValueKind.String ? v.GetString() : null; break;
                case "kind":
                    if (v.ValueKind != JsonValueKind.String || !PingKindNames.TryParse(v.GetString(), out kind))
                        return Fail("kind: must be one of success, start, fail, log");
                    break;
                case "exit_status":
                    if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var status) || status is < 0 or > 255)
                        return Fail("exit_status: must be a whole number from 0 to 255");
                    exit = (short)status;
                    break;
                case "at":
                    if (v.ValueKind != JsonValueKind.String || !v.TryGetDateTimeOffset(out var time))
                        return Fail("at: must be an RFC 3339 timestamp, e.g. 2026-01-02T03:04:05Z");
                    at = time;
                    break;
                default:
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
}
