using System.Collections.Concurrent;
using Vigil.Core.Caching;

namespace Vigil.Checks.Probes.Http;

/// <summary>
/// A map with lock-free reads that holds at most <c>capacity</c> entries, evicting the oldest insertion first.
/// Writes take a lock: they are rare next to reads (a DNS answer per connection, a regex per new pattern).
/// Its size and evictions go to <see cref="Stats"/>; hits and misses are counted by whoever decides what a hit is.
/// </summary>
internal sealed class BoundedCache<TKey, TValue> where TKey : notnull
{
    // A reference type per entry, so eviction can remove exactly the entry it queued and not a newer one.
    private sealed class Entry(TValue value)
    {
        public readonly TValue Value = value;
    }

    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly Queue<KeyValuePair<TKey, Entry>> _insertionOrder = new();
    private readonly Lock _writeLock = new();
    private readonly int _capacity;
    private readonly int _bytesPerEntry;
    private int _count;

    /// <param name="bytesPerEntry">A rough size of one entry (key, value, map and queue overhead) for the size gauge.</param>
    public BoundedCache(int capacity, CacheStats stats, int bytesPerEntry, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _bytesPerEntry = bytesPerEntry;
        Stats = stats;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
    }

    public CacheStats Stats { get; }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>The cached value, or a new one from <paramref name="create"/>; counted as a hit or a miss.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (TryGet(key, out var value))
        {
            Stats.Hit();
            return value;
        }
        Stats.Miss();
        value = create(key);
        Set(key, value);
        return value;
    }

    public void Set(TKey key, TValue value)
    {
        var entry = new Entry(value);
        lock (_writeLock)
        {
            if (!_entries.ContainsKey(key))
                _count++;
            _entries[key] = entry;
            _insertionOrder.Enqueue(new(key, entry));
            while (_count > _capacity)
            {
                if (_entries.TryRemove(_insertionOrder.Dequeue()))
                {
                    _count--;
                    Stats.Evicted();
                }
            }
            Stats.Sized(_count, (long)_count * _bytesPerEntry);
            // Replaced entries leave stale queue items behind; drop them before the queue outgrows the map.
            if (_insertionOrder.Count > 2 * _capacity + 16)
                DropStaleQueueItems();
        }
    }

    /// <summary>Evicts the older half of the entries: what Vigil does when it runs short of memory.</summary>
    public void ShrinkByHalf()
    {
        lock (_writeLock)
        {
            var target = _count / 2;
            while (_count > target && _insertionOrder.TryDequeue(out var oldest))
            {
                if (_entries.TryRemove(oldest))
                {
                    _count--;
                    Stats.Evicted();
                }
            }
            Stats.Sized(_count, (long)_count * _bytesPerEntry);
        }
    }

    private void DropStaleQueueItems()
    {
        var live = _insertionOrder.Where(item => _entries.TryGetValue(item.Key, out var current) && ReferenceEquals(current, item.Value)).ToArray();
        _insertionOrder.Clear();
        foreach (var item in live)
            _insertionOrder.Enqueue(item);
    }
}
