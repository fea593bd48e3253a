using System.Runtime;

namespace Vigil.Server.Observability.Profiling;

/// <summary>A snapshot of the GC's own numbers: what <c>GET /api/v1/debug/gc</c> answers.</summary>
public static class GcStats
{
    private static readonly string[] GenerationNames = ["gen0", "gen1", "gen2", "loh", "poh"];

    public static GcStatsView Read()
    {
        var any = GC.GetGCMemoryInfo(GCKind.Any);
        return new GcStatsView(
            new GcModeView(GCSettings.IsServerGC, IsConcurrent(), GCSettings.LatencyMode.ToString(), GCSettings.LargeObjectHeapCompactionMode.ToString(), Environment.ProcessorCount),
            new GcTotalsView(
                GC.GetTotalAllocatedBytes(precise: false), GC.GetTotalMemory(forceFullCollection: false), any.TotalCommittedBytes,
                [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
                GC.GetTotalPauseDuration().TotalMilliseconds, any.PauseTimePercentage,
                HeapHardLimit(), any.TotalAvailableMemoryBytes, any.HighMemoryLoadThresholdBytes, any.MemoryLoadBytes,
                GC.GetGCMemoryInfo().FinalizationPendingCount, Environment.WorkingSet),
            Collection(any),
            Collection(GC.GetGCMemoryInfo(GCKind.Ephemeral)),
            Collection(GC.GetGCMemoryInfo(GCKind.FullBlocking)),
            Collection(GC.GetGCMemoryInfo(GCKind.Background)),
            GC.GetConfigurationVariables().ToDictionary(p => p.Key, p => p.Value.ToString() ?? ""));
    }

    /// <summary>The last collection of one kind, or null when none has happened yet.</summary>
    private static GcCollectionView? Collection(GCMemoryInfo info)
    {
        if (info.Index == 0)
            return null;
        var generations = info.GenerationInfo;
        var sizes = new List<GcGenerationView>(generations.Length);
        for (var g = 0; g < generations.Length && g < GenerationNames.Length; g++)
            sizes.Add(new GcGenerationView(GenerationNames[g], generations[g].SizeBeforeBytes, generations[g].SizeAfterBytes,
                generations[g].FragmentationBeforeBytes, generations[g].FragmentationAfterBytes));
        return new GcCollectionView(
            info.Index, info.Generation, info.Compacted, info.Concurrent, info.HeapSizeBytes, info.FragmentedBytes, info.PromotedBytes,
            info.PinnedObjectsCount, info.PauseTimePercentage, [.. info.PauseDurations.ToArray().Select(p => p.TotalMilliseconds)], sizes);
    }

    private static long HeapHardLimit() =>
        GC.GetConfigurationVariables().TryGetValue("GCHeapHardLimit", out var limit) ? Convert.ToInt64(limit, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static bool IsConcurrent() =>
        GC.GetConfigurationVariables().TryGetValue("GCConcurrent", out var concurrent) ? Convert.ToBoolean(concurrent, System.Globalization.CultureInfo.InvariantCulture)
            : GCSettings.LatencyMode != GCLatencyMode.Batch;
}
