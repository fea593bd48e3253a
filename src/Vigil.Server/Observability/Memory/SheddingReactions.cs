using Vigil.Checks.Scheduling;
using Vigil.Server.Auth;
using Vigil.Server.Checks;

namespace Vigil.Server.Observability.Memory;

/// <summary>What Vigil gives up near its memory limit: low-priority check runs while shedding, and half of every cache on each entry.</summary>
public static class SheddingReactions
{
    public static void Connect(MemoryPressure pressure, CheckScheduler scheduler, ProbeCatalog probes, ApiKeys keys)
    {
        pressure.SheddingChanged += shedding => scheduler.ShedLowPriority = shedding;
        pressure.OnShed(probes.ShrinkCaches);
        pressure.OnShed(keys.ClearCache);
    }
}
