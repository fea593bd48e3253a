using System.Diagnostics.Metrics;
using Vigil.Checks.Scheduling;
using Vigil.Core.Caching;
using Vigil.Core.Runtime;
using Vigil.Server.Auth;
using Vigil.Server.Checks;
using Vigil.Storage.Writing;

namespace Vigil.Server.Observability.Instruments;

/// <summary>Registers Vigil's instruments. The observable ones exist once created, so the host creates them at start.</summary>
public static class InstrumentRegistration
{
    /// <summary>The host's meter for <paramref name="name"/> (the factory hands out one meter per name).</summary>
    public static Meter Meter(this IServiceProvider services, string name) => services.GetRequiredService<IMeterFactory>().Create(name);

    public static IServiceCollection AddVigilInstruments(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<PingInstruments>();
        services.AddSingleton(sp => new CountingEventSink(sp.GetRequiredService<BatchWriter>(), sp.Meter(MeterNames.Monitors)));
        services.AddSingleton(sp => new StorageInstruments(sp.Meter(MeterNames.Storage), sp.GetRequiredService<BatchWriter>()));
        services.AddSingleton(sp => new MonitorInstruments(sp.Meter(MeterNames.Monitors), sp.GetRequiredService<HeartbeatEngine>()));
        services.AddSingleton(sp => new CheckInstruments(
            sp.Meter(MeterNames.Checks), sp.GetRequiredService<CheckScheduler>(), sp.GetRequiredService<CheckEngine>(), sp.GetRequiredService<ProbeCatalog>()));
        // Caches outside the probes register a CacheStats singleton of their own.
        services.AddSingleton(sp => new CacheInstruments(sp.Meter(MeterNames.Caches),
            sp.GetRequiredService<ProbeCatalog>().Caches.Append(sp.GetRequiredService<ApiKeys>().CacheStats).Concat(sp.GetServices<CacheStats>())));
        return services;
    }

    public static void StartVigilInstruments(this IServiceProvider services)
    {
        services.GetRequiredService<StorageInstruments>();
        services.GetRequiredService<MonitorInstruments>();
        services.GetRequiredService<CheckInstruments>();
        services.GetRequiredService<CacheInstruments>();
    }
}
