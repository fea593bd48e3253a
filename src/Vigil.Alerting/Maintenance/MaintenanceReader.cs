using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;
using Vigil.Core.Schedules;

namespace Vigil.Alerting.Maintenance;

/// <summary>
/// Reads a maintenance window from JSON (an API body, YAML turned into JSON, or the stored definition), naming every
/// bad field in one pass. Fields: name, monitors (ids or slugs), tags, all, and either start + end (one-off) or cron +
/// duration_minutes + timezone (recurring).
/// </summary>
public static partial class MaintenanceReader
{
    /// <summary>Fields the view writes that a client may send back unchanged; they are ignored.</summary>
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal) { "id", "created_at", "updated_at" };

    private static readonly string[] Known = ["name", "monitors", "tags", "all", "start", "end", "cron", "duration_minutes", "timezone"];
    private static readonly string[] OneOffFields = ["start", "end"];
    private static readonly string[] RecurringFields = ["cron", "duration_minutes", "timezone"];
    private static readonly string[] TargetFields = ["monitors", "tags"];

    /// <summary>
    /// A new window, or null with every bad field in <paramref name="errors"/>. <paramref name="resolveMonitor"/> turns
    /// an entry of "monitors" (a monitor id or slug) into a monitor id, or null when no monitor has it.
    /// <paramref name="prefix"/> goes before field names (a config key path such as <c>maintenance[0].</c>).
    /// </summary>
    public static MaintenanceWindow? Read(JsonElement json, Guid id, DateTimeOffset now, Func<string, Guid?> resolveMonitor,
        List<FieldError> errors, string prefix = "") =>
        Read(json, id, now, now, resolveMonitor, errors, prefix);

    /// <summary>
    /// Applies <paramref name="patch"/> (the create fields, each optional) over <paramref name="current"/>. A patch that
    /// gives one schedule kind (start/end, or cron/duration_minutes/timezone) drops the other; one that gives monitors or
    /// tags drops "all", and one that sets "all" drops monitors and tags; null removes a field.
    /// </summary>
    public static MaintenanceWindow? Patch(JsonElement patch, MaintenanceWindow current, DateTimeOffset now, Func<string, Guid?> resolveMonitor,
        List<FieldError> errors, string prefix = "")
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(BodyField(prefix), "must be a JSON object"));
            return null;
        }
        var merged = JsonNode.Parse(MaintenanceJson.Write(current))!.AsObject();
        bool Gives(string name) => patch.TryGetProperty(name, out _);
        if (OneOffFields.Any(Gives))
            Drop(merged, RecurringFields);
        if (RecurringFields.Any(Gives))
            Drop(merged, OneOffFields);
        if (TargetFields.Any(Gives))
            merged.Remove("all");
        if (patch.TryGetProperty("all", out var all) && all.ValueKind == JsonValueKind.True)
            Drop(merged, TargetFields);
        foreach (var field in patch.EnumerateObject())
        {
            if (field.Value.ValueKind == JsonValueKind.Null)
                merged.Remove(field.Name);
            else
                merged[field.Name] = JsonNode.Parse(field.Value.GetRawText());
        }
        using var document = JsonDocument.Parse(merged.ToJsonString());
        return Read(document.RootElement, current.Id, current.CreatedAt, now, resolveMonitor, errors, prefix);
    }

    private static void Drop(JsonObject json, string[] fields)
    {
        foreach (var field in fields)
            json.Remove(field);
    }

    private static MaintenanceWindow? Read(JsonElement json, Guid id, DateTimeOffset createdAt, DateTimeOffset updatedAt,
        Func<string, Guid?> resolveMonitor, List<FieldError> errors, string prefix)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(BodyField(prefix), "must be a JSON object"));
            return null;
        }
        var f = new CheckFields(json, errors, prefix, ReadOnly);
        var name = f.Text("name", "", n => n.Trim().Length is >= 1 and <= MaintenanceWindow.MaxNameLength ? null : $"must be 1 to {MaintenanceWindow.MaxNameLength} characters").Trim();
        if (!f.Has("name"))
            f.Error("name", "is required");
        var all = f.Bool("all", false);
        var monitorRefs = f.Custom<IReadOnlyList<string>>("monitors", [], v => StringList(v, MaintenanceWindow.MaxMonitors));
        var tags = f.Custom<IReadOnlyList<string>>("tags", [], v => StringList(v, MaintenanceWindow.MaxTags));
        var monitorIds = new List<Guid>();
        for (var i = 0; i < monitorRefs.Count; i++)
        {
            if (resolveMonitor(monitorRefs[i].Trim()) is { } monitorId)
            {
                if (!monitorIds.Contains(monitorId))
                    monitorIds.Add(monitorId);
            }
            else
                f.Error($"monitors[{i}]", $"no monitor has the id or slug '{Clip(monitorRefs[i])}'");
        }
        for (var i = 0; i < tags.Count; i++)
            if (!TagPattern().IsMatch(tags[i]))
                f.Error($"tags[{i}]", "must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' or '/'");
        if (all && (monitorRefs.Count > 0 || tags.Count > 0))
            f.Error("all", "covers every monitor: leave monitors and tags out, or set all to false");
        else if (!all && monitorRefs.Count == 0 && tags.Count == 0 && !HasError(errors, prefix, "monitors") && !HasError(errors, prefix, "tags"))
            f.Error("monitors", "name at least one monitor or tag, or set \"all\": true for every monitor");

        var schedule = ReadSchedule(f);
        foreach (var unknown in f.UnknownFields().ToList())
            f.Error(unknown, $"is not a field of maintenance windows (known: {string.Join(", ", Known)})");
        if (f.HasErrors || schedule is null)
            return null;
        return new MaintenanceWindow(id, name, monitorIds, [.. tags.Distinct(StringComparer.Ordinal)], all, schedule, createdAt, updatedAt);
    }

    private static MaintenanceSchedule? ReadSchedule(CheckFields f)
    {
        var start = f.Custom<DateTimeOffset?>("start", null, Time);
        var end = f.Custom<DateTimeOffset?>("end", null, Time);
        var cronText = f.OptionalText("cron", null);
        var minutes = f.OptionalInt("duration_minutes", null, (int)MaintenanceWindow.MinDuration.TotalMinutes, (int)MaintenanceWindow.MaxDuration.TotalMinutes);
        var zoneText = f.OptionalText("timezone", null);
        bool oneOff = f.Has("start") || f.Has("end"), recurring = f.Has("cron") || f.Has("duration_minutes") || f.Has("timezone");
        if (oneOff && recurring)
        {
            f.Error(f.Has("cron") ? "cron" : f.Has("duration_minutes") ? "duration_minutes" : "timezone",
                "give either start and end (a one-off window) or cron and duration_minutes (a recurring one), not both");
            return null;
        }
        if (oneOff)
        {
            if (!f.Has("start"))
                f.Error("start", "is required with end (a one-off window)");
            if (!f.Has("end"))
                f.Error("end", "is required with start (a one-off window)");
            if (start is not { } s || end is not { } e)
                return null;
            if (e <= s)
            {
                f.Error("end", "must be after start");
                return null;
            }
            if (e - s < MaintenanceWindow.MinDuration || e - s > MaintenanceWindow.MaxDuration)
            {
                f.Error("end", "a window lasts from 1 minute to 31 days");
                return null;
            }
            return new OneOffSchedule(s, e);
        }
        if (recurring)
        {
            if (!f.Has("cron"))
                f.Error("cron", "is required for a recurring window (with duration_minutes and timezone)");
            if (!f.Has("duration_minutes"))
                f.Error("duration_minutes", "is required with cron: how long each occurrence lasts, 1 to 44640 minutes (31 days)");
            CronExpression? cron = null;
            if (cronText is not null && !CronExpression.TryParse(cronText, out cron, out var cronError))
                f.Error("cron", cronError ?? "is not a valid cron expression");
            TimeZoneInfo? zone = null;
            var zoneId = zoneText ?? "UTC";
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
                f.Error("timezone", $"'{Clip(zoneId)}' is not a known IANA time zone");
            return cron is not null && zone is not null && minutes is { } m ? new RecurringSchedule(cron, TimeSpan.FromMinutes(m), zone) : null;
        }
        f.Error("start", "a window needs a time: give start and end (one-off), or cron and duration_minutes (recurring)");
        return null;
    }

    // An explicit offset is required: a time without one would silently mean the server's own zone.
    private static (DateTimeOffset? Value, string? Error) Time(JsonElement v) =>
        v.ValueKind == JsonValueKind.String && ExplicitOffset().IsMatch(v.GetString()!)
            && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? (at.ToUniversalTime(), null)
            : (null, "must be an ISO 8601 time with an offset, such as 2026-11-23T22:00:00Z or 2026-11-23T23:00:00+01:00");

    private static (IReadOnlyList<string>? Value, string? Error) StringList(JsonElement v, int max)
    {
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
            return (null, "must be a list of strings");
        if (v.GetArrayLength() > max)
            return (null, $"at most {max} entries");
        return ([.. v.EnumerateArray().Select(i => i.GetString()!)], null);
    }

    private static bool HasError(List<FieldError> errors, string prefix, string field) =>
        errors.Exists(e => e.Field == prefix + field || e.Field.StartsWith(prefix + field + "[", StringComparison.Ordinal));

    private static string BodyField(string prefix) => prefix.Length == 0 ? "(body)" : prefix.TrimEnd('.');

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;

    // The same tag rule as monitors' (MonitorDraft), so any tag a monitor can carry can be named here.
    [GeneratedRegex("^[A-Za-z0-9_.:/-]{1,64}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"(?:[Zz]|[+-]\d{2}:?\d{2})$")]
    private static partial Regex ExplicitOffset();
}
