using System.Collections.Concurrent;

namespace Vigil.Core.Runtime;

/// <summary>Every live monitor, by id and by slug. Lock-free reads: the ping path looks up here on every request.</summary>
public sealed class MonitorRegistry
{
    private ConcurrentDictionary<Guid, MonitorRuntime> _byId = new();
    private ConcurrentDictionary<string, MonitorRuntime> _bySlug = new(StringComparer.Ordinal);
    private long _lastSeq;

    /// <summary>
    /// Sizes an empty registry for <paramref name="count"/> monitors before a bulk load: a ConcurrentDictionary
    /// re-creates every node each time it grows, which at a million monitors is most of the start-up garbage.
    /// </summary>
    public void Reserve(int count)
    {
        if (!_byId.IsEmpty)
            throw new InvalidOperationException("Reserve is for an empty registry, before loading");
        var capacity = (int)Math.Min(int.MaxValue, count * 5L / 4 + 64);
        _byId = new ConcurrentDictionary<Guid, MonitorRuntime>(Environment.ProcessorCount, capacity);
        _bySlug = new ConcurrentDictionary<string, MonitorRuntime>(Environment.ProcessorCount, capacity, StringComparer.Ordinal);
    }

    public int Count => _byId.Count;

    /// <summary>
    /// Every monitor, enumerated live without a lock or a copy (Values would copy them all: 8 MB per scrape at a
    /// million monitors). Monitors added or removed meanwhile may or may not be seen.
    /// </summary>
    public IEnumerable<MonitorRuntime> All => _byId.Select(static pair => pair.Value);

    /// <summary>The next storage key for a new monitor. Storage has one writer, so memory can hand them out.</summary>
    public long NextSeq() => Interlocked.Increment(ref _lastSeq);

    public bool TryGet(Guid id, out MonitorRuntime monitor) => _byId.TryGetValue(id, out monitor!);

    public bool TryGetBySlug(string slug, out MonitorRuntime monitor) => _bySlug.TryGetValue(slug, out monitor!);

    /// <summary>Adds a monitor; false if its slug or id is taken.</summary>
    public bool TryAdd(MonitorRuntime monitor)
    {
        if (!_bySlug.TryAdd(monitor.Definition.Slug, monitor))
            return false;
        if (!_byId.TryAdd(monitor.Id, monitor))
        {
            _bySlug.TryRemove(monitor.Definition.Slug, out _);
            return false;
        }
        InterlockedMax(ref _lastSeq, monitor.Seq);
        return true;
    }

    /// <summary>Claims <paramref name="newSlug"/> for a monitor that is renaming; false if another monitor holds it.</summary>
    public bool TryMoveSlug(MonitorRuntime monitor, string oldSlug, string newSlug)
    {
        if (oldSlug == newSlug)
            return true;
        if (!_bySlug.TryAdd(newSlug, monitor))
            return false;
        _bySlug.TryRemove(new KeyValuePair<string, MonitorRuntime>(oldSlug, monitor));
        return true;
    }

    public bool TryRemove(MonitorRuntime monitor)
    {
        if (!_byId.TryRemove(new KeyValuePair<Guid, MonitorRuntime>(monitor.Id, monitor)))
            return false;
        _bySlug.TryRemove(new KeyValuePair<string, MonitorRuntime>(monitor.Definition.Slug, monitor));
        return true;
    }

    private static void InterlockedMax(ref long field, long value)
    {
        var current = Volatile.Read(ref field);
        while (value > current && Interlocked.CompareExchange(ref field, value, current) != current)
            current = Volatile.Read(ref field);
    }
}
