using System.Globalization;
using System.Text.Json;
using Vigil.Alerting.Maintenance;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Tests.Maintenance;

/// <summary>Windows for calendar tests, built through the reader so the tests exercise what the API accepts.</summary>
internal static class MaintenanceData
{
    public static readonly DateTimeOffset Created = At("2026-01-01T00:00:00Z");

    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    /// <summary>Resolves ids as given and slugs from <paramref name="slugs"/>.</summary>
    public static Func<string, Guid?> Resolver(Dictionary<string, Guid>? slugs = null) =>
        text => Guid.TryParse(text, out var id) ? id : slugs is not null && slugs.TryGetValue(text, out var bySlug) ? bySlug : null;

    public static MaintenanceWindow Window(string json, Func<string, Guid?>? resolve = null)
    {
        var errors = new List<FieldError>();
        using var document = JsonDocument.Parse(json);
        var window = MaintenanceReader.Read(document.RootElement, Guid.NewGuid(), Created, resolve ?? Resolver(), errors);
        Assert.True(window is not null, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
        return window!;
    }

    public static List<FieldError> Errors(string json, Func<string, Guid?>? resolve = null)
    {
        var errors = new List<FieldError>();
        using var document = JsonDocument.Parse(json);
        Assert.Null(MaintenanceReader.Read(document.RootElement, Guid.NewGuid(), Created, resolve ?? Resolver(), errors));
        Assert.NotEmpty(errors);
        return errors;
    }
}
