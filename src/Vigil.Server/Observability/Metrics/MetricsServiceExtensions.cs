using System.Diagnostics.Metrics;
using Vigil.Core.Caching;
using Vigil.Core.Runtime;
using Vigil.Observability.Collection;
using Vigil.Observability.Exposition;
using Vigil.Observability;
using Vigil.Server.Observability.Instruments;

namespace Vigil.Server.Observability.Metrics;

/// <summary>Registers and maps /metrics: <c>services.AddVigilMetrics(options)</c> then <c>app.MapVigilMetrics()</c>.</summary>
public static class MetricsServiceExtensions
{
    public static IServiceCollection AddVigilMetrics(this IServiceCollection services, MetricsOptions options)
    {
        options = options.Validated();
        services.AddMetrics();
        services.AddSingleton(options);
        // The collector listens to meters made by this host's factory, so each host's page has its own instruments.
        services.AddSingleton(sp => new MetricsCollector(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(new CacheStats("metrics_page"));
        if (options.PerMonitor)
            services.AddSingleton<IMetricsSource>(sp => new MonitorSeries(
                sp.GetRequiredService<HeartbeatEngine>(), options.MaxSeries, sp.GetRequiredService<IMeterFactory>().Create(MeterNames.System)));
        services.AddSingleton(sp => new MetricsPage(
            sp.GetRequiredService<MetricsCollector>(), sp.GetServices<IMetricsSource>(), sp.GetRequiredService<TimeProvider>(),
            options.RefreshInterval, sp.GetRequiredService<CacheStats>(), sp.GetRequiredService<IMeterFactory>().Create(MeterNames.System)));
        services.AddSingleton<MetricsEndpoint>();
        return services;
    }

    /// <summary>
    /// Maps GET /metrics when enabled (otherwise it is a 404 like any other unknown path). Creates the collector
    /// now, so that it counts from start-up rather than from the first scrape.
    /// </summary>
    public static IEndpointRouteBuilder MapVigilMetrics(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<MetricsOptions>();
        if (!options.Enabled)
            return app;
        var endpoint = app.ServiceProvider.GetRequiredService<MetricsEndpoint>();
        app.MapMethods(MetricsEndpoint.Path, [HttpMethods.Get, HttpMethods.Head], endpoint.HandleAsync);
        return app;
    }
}
