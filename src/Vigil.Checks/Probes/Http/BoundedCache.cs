using System.Collections.Concurrent;

namespace Vigil.Checks.Probes.Http;

/// <summary>
/// A map with lock-free reads that holds at most <c>capacity</c> entries, evicting the oldest insertion first.
/// Writes take a lock: they are rare next to reads (a DNS answer per connection, a regex per new pattern).
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
    private int _count;
    private long _evictions;

    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
    }

    public int Count => Volatile.Read(ref _count);

    public long Evictions => Interlocked.Read(ref _evictions);

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

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (TryGet(key, out var value))
            return value;
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
                    _evictions++;
                }
            }
            // Replaced entries leave stale queue items behind; drop them before the queue outgrows the map.
            if (_insertionOrder.Count > 2 * _capacity + 16)
                DropStaleQueueItems();
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
