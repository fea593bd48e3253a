namespace Vigil.Checks.Probes.Http;

/// <summary>A moment's view of the DNS cache, for the metrics layer.</summary>
public readonly record struct DnsCacheStats(long Hits, long Misses, long Evictions, int Entries);
