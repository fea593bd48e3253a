using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Maintenance;

/// <summary>A maintenance window as the API shows it and storage keeps it: the create fields plus id and times.</summary>
public sealed record MaintenanceWindowView(
    Guid Id,
    string Name,
    bool All,
    IReadOnlyList<Guid> Monitors,
    IReadOnlyList<string> Tags,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    string? Cron,
    int? DurationMinutes,
    string? Timezone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MaintenanceWindowView From(MaintenanceWindow window)
    {
        var oneOff = window.Schedule as OneOffSchedule;
        var recurring = window.Schedule as RecurringSchedule;
        return new MaintenanceWindowView(
            window.Id, window.Name, window.All, window.MonitorIds, window.Tags, oneOff?.Start, oneOff?.End,
            recurring?.Cron.Text, recurring is null ? null : (int)recurring.Duration.TotalMinutes, recurring?.Zone.Id,
            window.CreatedAt, window.UpdatedAt);
    }
}

/// <summary>A monitor's silence as the API shows it.</summary>
public sealed record SilenceView(Guid MonitorId, DateTimeOffset Until, string Reason, DateTimeOffset CreatedAt)
{
    public static SilenceView From(Silence silence) => new(silence.MonitorId, silence.Until, silence.Reason, silence.CreatedAt);
}

/// <summary>The stored form of a window: its view as JSON, read back by <see cref="MaintenanceReader"/> like an API body.</summary>
public static class MaintenanceJson
{
    public static string Write(MaintenanceWindow window) =>
        JsonSerializer.Serialize(MaintenanceWindowView.From(window), MaintenanceJsonContext.Default.MaintenanceWindowView);

    /// <summary>Reads a stored definition. Its monitor ids are kept even when the monitor is gone (it matches nothing then).</summary>
    public static MaintenanceWindow? Read(string json, Guid id, DateTimeOffset createdAt, DateTimeOffset updatedAt, List<FieldError> errors)
    {
        using var document = JsonDocument.Parse(json);
        var window = MaintenanceReader.Read(document.RootElement, id, createdAt, static text => Guid.TryParse(text, out var g) ? g : null, errors);
        return window is null ? null : window with { CreatedAt = createdAt, UpdatedAt = updatedAt };
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MaintenanceWindowView))]
[JsonSerializable(typeof(SilenceView))]
public sealed partial class MaintenanceJsonContext : JsonSerializerContext;
