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

    /// <summary>Loads the calendar once storage is migrated and the writer runs (both happen before hosted services start).</summary>
    private sealed class Starter(MaintenanceService service) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => service.StartAsync();

        public Task StopAsync(CancellationToken cancellationToken)
        {
            service.Stop();
            return Task.CompletedTask;
        }
    }
}
