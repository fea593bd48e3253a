namespace Vigil.Server.Observability.Instruments;

/// <summary>
/// Vigil's meters, one per area. The /metrics page listens to every meter whose name starts with
/// <see cref="Prefix"/> and that this host's IMeterFactory made; dotnet-counters can watch them by these names.
/// </summary>
public static class MeterNames
{
    public const string Prefix = "Vigil";
    public const string Pings = "Vigil.Pings";
    public const string Storage = "Vigil.Storage";
    public const string Monitors = "Vigil.Monitors";
    public const string Checks = "Vigil.Checks";
    public const string Caches = "Vigil.Caches";
    public const string Http = "Vigil.Http";
    public const string System = "Vigil.System";
    public const string Alerts = "Vigil.Alerts";
}
