using System.Diagnostics.Metrics;
using Vigil.Core.Caching;

namespace Vigil.Server.Observability.Instruments;

/// <summary>Every cache's <see cref="CacheStats"/> as one family per figure, labelled by cache name.</summary>
public sealed class CacheInstruments
{
    private readonly IReadOnlyList<CacheStats> _caches;

    public CacheInstruments(Meter meter, IEnumerable<CacheStats> caches)
    {
        _caches = [.. caches];
        meter.CreateObservableCounter("vigil.cache.hits", () => Each(c => c.Hits), "{lookup}", "Cache lookups answered from the cache");
        meter.CreateObservableCounter("vigil.cache.misses", () => Each(c => c.Misses), "{lookup}", "Cache lookups that had to fetch or build the value");
        meter.CreateObservableCounter("vigil.cache.evictions", () => Each(c => c.Evictions), "{entry}", "Entries pushed out by the cache's bound");
        meter.CreateObservableGauge("vigil.cache.entries", () => Each(c => c.Entries), "{entry}", "Entries held");
        meter.CreateObservableGauge("vigil.cache.size", () => Each(c => c.Bytes), "By", "Estimated bytes held");
    }

    private IEnumerable<Measurement<long>> Each(Func<CacheStats, long> figure) =>
        _caches.Select(c => new Measurement<long>(figure(c), new KeyValuePair<string, object?>("cache", c.Name)));
}
