using Vigil.Alerting.Maintenance;

namespace Vigil.Server.Alerting;

/// <summary>Registers the maintenance calendar and its service; the lead's alert pipeline asks the calendar.</summary>
public static class MaintenanceHosting
{
    public static IServiceCollection AddVigilMaintenance(this IServiceCollection services)
    {
        services.AddSingleton<MaintenanceCalendar>();
        services.AddSingleton<MaintenanceService>();
        services.AddHostedService<Starter>();
        return services;
    }

    /// <summary>
    /// Stops the service's sweep with the host. Loading happens earlier, in VigilApp's storage start, so a bad
    /// maintenance: list fails the build before any hosted service (and the host's lifetime) has started.
    /// </summary>
    private sealed class Starter(MaintenanceService service) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            service.Stop();
            return Task.CompletedTask;
        }
    }
}
