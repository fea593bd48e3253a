namespace Vigil.Core.Runtime;

/// <summary>Every live monitor, by id and by slug. Lock-free reads: the ping path looks up here on every request.</summary>
public sealed class MonitorRegistry
{
    private MonitorIndex<Guid> _byId = new();
    private MonitorIndex<string> _bySlug = new();
    private long _lastSeq;

    /// <summary>
    /// Sizes an empty registry for <paramref name="count"/> monitors before a bulk load, so the indexes are built
    /// once at their final size instead of being copied each time they grow.
    /// </summary>
    public void Reserve(int count)
    {
        if (_byId.Count != 0)
            throw new InvalidOperationException("Reserve is for an empty registry, before loading");
        var capacity = (int)Math.Min(int.MaxValue, count + 64L);
        _byId = new MonitorIndex<Guid>(capacity);
        _bySlug = new MonitorIndex<string>(capacity);
    }

    public int Count => _byId.Count;

    /// <summary>
    /// Every monitor, enumerated live without a lock or a copy. Monitors added or removed meanwhile may or may not be seen.
    /// </summary>
    public IEnumerable<MonitorRuntime> All => _byId.Values;

    /// <summary>The next storage key for a new monitor. Storage has one writer, so memory can hand them out.</summary>
    public long NextSeq() => Interlocked.Increment(ref _lastSeq);

    public bool TryGet(Guid id, out MonitorRuntime monitor) => _byId.TryGet(id, out monitor);

    public bool TryGetBySlug(string slug, out MonitorRuntime monitor) => _bySlug.TryGet(slug, out monitor);

    /// <summary>Adds a monitor; false if its slug or id is taken.</summary>
    public bool TryAdd(MonitorRuntime monitor)
    {
        if (!_bySlug.TryAdd(monitor.Definition.Slug, monitor))
            return false;
        if (!_byId.TryAdd(monitor.Id, monitor))
        {
            _bySlug.TryRemove(monitor.Definition.Slug, monitor);
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
        _bySlug.TryRemove(oldSlug, monitor);
        return true;
    }

    public bool TryRemove(MonitorRuntime monitor)
    {
        if (!_byId.TryRemove(monitor.Id, monitor))
            return false;
        _bySlug.TryRemove(monitor.Definition.Slug, monitor);
        return true;
    }

    private static void InterlockedMax(ref long field, long value)
    {
        var current = Volatile.Read(ref field);
        while (value > current && Interlocked.CompareExchange(ref field, value, current) != current)
            current = Volatile.Read(ref field);
    }
}
