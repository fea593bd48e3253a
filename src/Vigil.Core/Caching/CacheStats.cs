namespace Vigil.Core.Caching;

/// <summary>
/// What one cache reports to the metrics page: hits, misses and evictions as counters; entries and an estimate of
/// its bytes as gauges. Each cache owns one and updates it with interlocked writes; the page reads it.
/// </summary>
public sealed class CacheStats(string name)
{
    private long _hits;
    private long _misses;
    private long _evictions;
    private long _entries;
    private long _bytes;

    /// <summary>The <c>cache</c> label value, e.g. "dns".</summary>
    public string Name { get; } = name;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    public long Evictions => Interlocked.Read(ref _evictions);
    public long Entries => Interlocked.Read(ref _entries);
    public long Bytes => Interlocked.Read(ref _bytes);

    public void Hit() => Interlocked.Increment(ref _hits);
    public void Miss() => Interlocked.Increment(ref _misses);
    public void Evicted(long count = 1) => Interlocked.Add(ref _evictions, count);

    /// <summary>Sets the current size; <paramref name="bytes"/> is an estimate (keys, values and per-entry overhead).</summary>
    public void Sized(long entries, long bytes)
    {
        Interlocked.Exchange(ref _entries, entries);
        Interlocked.Exchange(ref _bytes, bytes);
    }
}
