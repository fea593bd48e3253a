using System.Text.Json;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Maintenance;

/// <summary>A monitor snoozed through the API: no alerts for it from <see cref="CreatedAt"/> until <see cref="Until"/>.</summary>
public sealed record Silence(Guid MonitorId, DateTimeOffset Until, string Reason, DateTimeOffset CreatedAt)
{
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);
    public const int MaxReasonLength = 500;

    private static readonly HashSet<string> NoIgnoredFields = [];

    /// <summary>Still in force at <paramref name="at"/>; an expired silence is ignored even before it is cleaned up.</summary>
    public bool ActiveAt(DateTimeOffset at) => at < Until;

    /// <summary>Reads <c>{"minutes": 60, "reason": "..."}</c> into a silence starting <paramref name="now"/>, or null with every bad field in <paramref name="errors"/>.</summary>
    public static Silence? Read(JsonElement json, Guid monitorId, DateTimeOffset now, List<FieldError> errors)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("(body)", "must be a JSON object"));
            return null;
        }
        var f = new CheckFields(json, errors, "", NoIgnoredFields);
        int min = (int)MinDuration.TotalMinutes, max = (int)MaxDuration.TotalMinutes;
        var minutes = f.Int("minutes", 0, min, max);
        if (!f.Has("minutes"))
            f.Error("minutes", $"is required: how long to silence the monitor, {min} to {max} minutes (31 days)");
        var reason = f.Text("reason", "", r => r.Length <= MaxReasonLength ? null : $"must be at most {MaxReasonLength} characters").Trim();
        foreach (var unknown in f.UnknownFields().ToList())
            f.Error(unknown, "is not a field of a silence (known: minutes, reason)");
        return f.HasErrors ? null : new Silence(monitorId, now + TimeSpan.FromMinutes(minutes), reason, now);
    }
}
