using Vigil.Server.Observability.Memory;
using Vigil.Server.Observability.Requests;
using Vigil.Server.Observability.Thresholds;

namespace Vigil.Server.Observability.Resources;

/// <summary>Everything the resource and request monitoring needs, in the order the host needs it.</summary>
public sealed record ResourceMonitoringOptions(string DataDir)
{
    public SamplingOptions Sampling { get; init; } = new();
    public MemoryOptions Memory { get; init; } = new();
    public ThresholdOptions Thresholds { get; init; } = new();
}

public static class ResourceMonitoringExtensions
{
    /// <summary>The sampler, its history, the request windows, the thresholds and the memory-pressure signal
    /// (<see cref="MemoryPressure"/>: what the scheduler and the caches read).</summary>
    public static IServiceCollection AddVigilResourceMonitoring(this IServiceCollection services, ResourceMonitoringOptions options)
    {
        services.AddMetrics();
        services.AddSingleton(options.Sampling);
        services.AddSingleton(options.Memory);
        services.AddSingleton(options.Thresholds);
        services.AddSingleton(sp => new StartTime(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton(new SampleHistory(options.Sampling.Capacity));
        services.AddSingleton(new ResourceSampler(options.DataDir));
        services.AddSingleton<RequestWindows>();
        services.AddSingleton<HttpInstruments>();
        services.AddSingleton<SystemInstruments>();
        services.AddSingleton<ThresholdMonitor>();
        services.AddSingleton<MemoryPressure>();
        services.AddHostedService<ResourceSamplerService>();
        services.AddHostedService<MemoryPressureService>();
        return services;
    }

    /// <summary>Times every request. Call before the endpoints are mapped; with minimal APIs routing runs first
    /// (WebApplication adds it at the start of the pipeline), so the endpoint is already chosen here.</summary>
    public static IApplicationBuilder UseVigilRequestMetrics(this IApplicationBuilder app)
    {
        // Resolve the instruments now, so the system meter's gauges exist before the first scrape.
        app.ApplicationServices.GetRequiredService<SystemInstruments>();
        app.ApplicationServices.GetRequiredService<StartTime>();
        return app.UseMiddleware<RequestMetricsMiddleware>();
    }

    public static IEndpointRouteBuilder MapVigilSystemEndpoints(this IEndpointRouteBuilder app)
    {
        SystemEndpoints.Map(app);
        return app;
    }
}
