namespace Vigil.Alerting.Tests;

/// <summary>Alerts for channel tests, at the real current time (real receivers judge times by their own clock).</summary>
internal static class TestAlerts
{
    public static AlertMessage Down(Guid monitorId, string name = "Billing API", string slug = "billing-api") =>
        new(Guid.NewGuid(), AlertKind.Down, monitorId, name, slug, "down", "connection refused", TimeProvider.System.GetUtcNow(), "https://vigil.example/monitors/" + slug);

    public static AlertMessage Up(AlertMessage down) =>
        down with { Id = Guid.NewGuid(), Kind = AlertKind.Up, MonitorStatus = "up", Reason = "HTTP 200", At = TimeProvider.System.GetUtcNow() };
}
