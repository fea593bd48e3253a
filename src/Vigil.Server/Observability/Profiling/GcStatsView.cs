namespace Vigil.Server.Observability.Profiling;

public sealed record GcStatsView(
    GcModeView Mode, GcTotalsView Totals, GcCollectionView? LastCollection, GcCollectionView? LastEphemeral,
    GcCollectionView? LastFullBlocking, GcCollectionView? LastBackground, Dictionary<string, string> Configuration);

public sealed record GcModeView(bool ServerGc, bool Concurrent, string LatencyMode, string LohCompactionMode, int ProcessorCount);

/// <summary><c>heap_hard_limit_bytes</c> 0 = no limit; <c>collections</c> by generation 0, 1, 2.</summary>
public sealed record GcTotalsView(
    long AllocatedBytes, long HeapBytes, long CommittedBytes, int[] Collections, double PauseTotalMs, double PauseTimePercent,
    long HeapHardLimitBytes, long TotalAvailableMemoryBytes, long HighMemoryLoadThresholdBytes, long MemoryLoadBytes,
    long FinalizationPendingCount, long WorkingSetBytes);

public sealed record GcCollectionView(
    long Index, int Generation, bool Compacted, bool Concurrent, long HeapSizeBytes, long FragmentedBytes, long PromotedBytes,
    long PinnedObjectsCount, double PauseTimePercent, double[] PauseDurationsMs, List<GcGenerationView> Generations);

public sealed record GcGenerationView(string Name, long SizeBeforeBytes, long SizeAfterBytes, long FragmentationBeforeBytes, long FragmentationAfterBytes);
