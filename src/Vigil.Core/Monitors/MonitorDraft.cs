using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Core.Checks.Json;
using Vigil.Core.Schedules;

namespace Vigil.Core.Monitors;

/// <summary>
/// Raw monitor fields as a client sent them (API JSON or config YAML), before validation.
/// Null means "not given": on create that takes the default, on update it keeps the current value.
/// </summary>
public sealed partial class MonitorDraft
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxTags = 50;
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(366);

    public string? Name { get; set; }
    public string? Slug { get; set; }
    public string? Type { get; set; }
    public string? Description { get; set; }
    public IReadOnlyList<string>? Tags { get; set; }
    public long? PeriodSeconds { get; set; }
    public long? GraceSeconds { get; set; }
    public string? Cron { get; set; }
    public string? Timezone { get; set; }
    public bool? Paused { get; set; }

    /// <summary>The type-specific fields of an active monitor (url, host, interval_seconds …) as one JSON object; null when none were given.</summary>
    public JsonElement? CheckFields { get; set; }

    /// <summary>Builds a new definition, or lists every bad field. <paramref name="prefix"/> is put before field names (a config key path).</summary>
    public MonitorDefinition? ToNewDefinition(Guid id, DateTimeOffset now, List<FieldError> errors, string prefix = "")
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Slug))
            errors.Add(new(prefix + "name", "is required"));
        var defaults = new MonitorDefinition(id, "", "", [], "", new SimpleSchedule(TimeSpan.FromDays(1), TimeSpan.FromHours(1)), false, now);
        if ((Type ?? MonitorDefinition.HeartbeatType) == MonitorDefinition.HeartbeatType && PeriodSeconds is null && Cron is null)
            errors.Add(new(prefix + "period_seconds", "is required (or give cron and timezone)"));
        var definition = Apply(defaults, errors, prefix, creating: true);
        return errors.Count > before ? null : definition;
    }

    /// <summary>Applies the given fields over <paramref name="current"/> (a PATCH), or lists every bad field.</summary>
    public MonitorDefinition? Apply(MonitorDefinition current, List<FieldError> errors, string prefix = "") => Apply(current, errors, prefix, creating: false);

    private MonitorDefinition? Apply(MonitorDefinition current, List<FieldError> errors, string prefix, bool creating)
    {
        var before = errors.Count;
        var type = Type ?? current.Type;
        var active = CheckSpecReader.Types.Contains(type);
        if (!active && type != MonitorDefinition.HeartbeatType)
            errors.Add(new(prefix + "type", $"'{Type}' is not a monitor type this server knows (known: heartbeat, {string.Join(", ", CheckSpecReader.Types)})"));
        else if (!creating && type != current.Type)
            errors.Add(new(prefix + "type", $"cannot change from {current.Type} to {type} (create a new monitor instead)"));

        var name = Name?.Trim() ?? (current.Name.Length > 0 ? current.Name : Slug?.Trim() ?? "");
        if (Name is not null && (name.Length == 0 || name.Length > MaxNameLength))
            errors.Add(new(prefix + "name", $"must be 1 to {MaxNameLength} characters"));

        var slug = Slug?.Trim() ?? (current.Slug.Length > 0 ? current.Slug : Slugify(name));
        if (!SlugPattern().IsMatch(slug))
            errors.Add(new(prefix + "slug", "must be 1 to 100 lower-case letters, digits, '-' or '_', starting with a letter or digit"));

        var description = Description ?? current.Description;
        if (description.Length > MaxDescriptionLength)
            errors.Add(new(prefix + "description", $"must be at most {MaxDescriptionLength} characters"));

        var tags = Tags ?? current.Tags;
        if (tags.Count > MaxTags)
            errors.Add(new(prefix + "tags", $"at most {MaxTags} tags"));
        for (var i = 0; i < tags.Count; i++)
            if (!TagPattern().IsMatch(tags[i] ?? ""))
                errors.Add(new($"{prefix}tags[{i}]", "must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' or '/'"));

        var schedule = current.Schedule;
        var check = current.Check;
        if (!active && type != MonitorDefinition.HeartbeatType)
            return null; // an unknown type has no fields to check
        if (active)
        {
            RejectHeartbeatFields(type, errors, prefix);
            check = CheckSpecReader.Read(type, CheckFields ?? default, current.Check, errors, prefix, NoIgnoredFields);
        }
        else
        {
            RejectCheckFields(errors, prefix);
            schedule = BuildSchedule(current.Schedule, errors, prefix);
        }
        var alerts = ReadAlerts(current.Alerts, active ? Core.Alerts.AlertRuleScope.Active : Core.Alerts.AlertRuleScope.Heartbeat, errors, prefix);
        var channels = ReadChannels(current.Channels, errors, prefix);
        CheckParentReference(errors, prefix);
        if (errors.Count > before || schedule is null)
            return null;
        return current with
        {
            Alerts = alerts,
            Channels = channels,
            Name = name,
            Slug = slug,
            Description = description,
            Tags = tags.Distinct(StringComparer.Ordinal).ToArray(),
            Schedule = schedule,
            Paused = Paused ?? current.Paused,
            Check = check,
        };
    }

    private static readonly HashSet<string> NoIgnoredFields = [];

    private void RejectHeartbeatFields(string type, List<FieldError> errors, string prefix)
    {
        foreach (var (field, given) in new[] { ("period_seconds", PeriodSeconds is not null), ("grace_seconds", GraceSeconds is not null), ("cron", Cron is not null), ("timezone", Timezone is not null) })
            if (given)
                errors.Add(new(prefix + field, $"is a heartbeat field; {type} monitors run on interval_seconds"));
    }

    private void RejectCheckFields(List<FieldError> errors, string prefix)
    {
        if (CheckFields is not { ValueKind: JsonValueKind.Object } fields)
            return;
        foreach (var field in fields.EnumerateObject())
            errors.Add(new(prefix + field.Name, "is not a field of heartbeat monitors (known: name, slug, type, description, tags, period_seconds, grace_seconds, cron, timezone, paused, alerts, channels, parent)"));
    }

    private Schedule? BuildSchedule(Schedule current, List<FieldError> errors, string prefix)
    {
        var grace = GraceSeconds is { } g ? Seconds(g, "grace_seconds", errors, prefix) : current.Grace;
        if (PeriodSeconds is not null && Cron is not null)
        {
            errors.Add(new(prefix + "cron", "give either period_seconds or cron, not both"));
            return null;
        }
        if (PeriodSeconds is { } p)
        {
            var period = Seconds(p, "period_seconds", errors, prefix);
            return period is { } pv && grace is { } gv ? new SimpleSchedule(pv, gv) : null;
        }
        if (Cron is not null || Timezone is not null)
        {
            var text = Cron ?? (current as CronSchedule)?.Expression.Text;
            if (text is null)
            {
                errors.Add(new(prefix + "cron", "is required when timezone is given"));
                return null;
            }
            CronExpression? cron = null;
            if (!CronExpression.TryParse(text, out cron, out var cronError))
                errors.Add(new(prefix + "cron", cronError ?? "is not a valid cron expression"));
            var zone = FindZone(Timezone ?? (current as CronSchedule)?.Zone.Id ?? "UTC", errors, prefix);
            return cron is not null && zone is not null && grace is { } gv ? new CronSchedule(cron, zone, gv) : null;
        }
        return grace is { } keep ? current with { Grace = keep } : null;
    }

    private static TimeSpan? Seconds(long value, string field, List<FieldError> errors, string prefix)
    {
        var span = TimeSpan.FromSeconds(Math.Clamp(value, -1, (long)MaxInterval.TotalSeconds + 1));
        if (span >= MinInterval && span <= MaxInterval)
            return span;
        errors.Add(new(prefix + field, $"must be between {MinInterval.TotalSeconds:0} and {MaxInterval.TotalSeconds:0} seconds"));
        return null;
    }

    private static TimeZoneInfo? FindZone(string id, List<FieldError> errors, string prefix)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            return zone;
        errors.Add(new(prefix + "timezone", $"'{id}' is not a known IANA time zone"));
        return null;
    }

    /// <summary>Derives a slug from a name: "Nightly Backup!" → "nightly-backup".</summary>
    public static string Slugify(string name)
    {
        var slug = NonSlugChars().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,99}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z0-9_.:/-]{1,64}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NonSlugChars();
}
