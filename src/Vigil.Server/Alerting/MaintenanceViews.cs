using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Alerting.Maintenance;

namespace Vigil.Server.Alerting;

public sealed record MaintenanceWindowList(IReadOnlyList<MaintenanceWindowView> Windows);

public sealed record MaintenancePeriodView(Guid WindowId, string WindowName, DateTimeOffset Start, DateTimeOffset End)
{
    public static MaintenancePeriodView From(MaintenancePeriod period) => new(period.WindowId, period.WindowName, period.Start, period.End);
}

/// <summary>
/// The periods in [<see cref="From"/>, <see cref="To"/>), oldest first. <see cref="CoveredSeconds"/> counts time
/// covered by at least one of them once, which is what an uptime report leaves out. <see cref="Truncated"/> says the
/// list stopped at its cap (narrow the range to see the rest).
/// </summary>
public sealed record MaintenancePeriodList(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<MaintenancePeriodView> Periods, double CoveredSeconds, bool Truncated);

/// <summary>Source-generated JSON for the maintenance API: snake_case like the rest of the API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MaintenanceWindowView))]
[JsonSerializable(typeof(MaintenanceWindowList))]
[JsonSerializable(typeof(MaintenancePeriodList))]
[JsonSerializable(typeof(SilenceView))]
public sealed partial class MaintenanceApiJson : JsonSerializerContext;
