namespace Vigil.Server.Observability.Memory;

/// <summary>
/// The shedding signal. While <see cref="Shedding"/> is true the GC heap is near <c>performance.memory_limit_mb</c>
/// and Vigil gives up optional work: the check scheduler skips low-priority runs (read <see cref="Shedding"/> before
/// starting one) and caches shrink (register with <see cref="OnShed"/>, and refuse to grow while shedding).
/// Without a limit it never sheds.
/// </summary>
public sealed class MemoryPressure(MemoryOptions options)
{
    private readonly Lock _lock = new();
    private readonly List<Action> _shrinkers = [];
    private volatile bool _shedding;
    private long _shedEvents;

    /// <summary>The configured limit in bytes; 0 = none.</summary>
    public long LimitBytes { get; } = options.LimitBytes;

    public int ShedAtPercent { get; } = options.ShedAtPercent;

    /// <summary>True from the heap reaching shed_at_percent of the limit until it falls 5 points below it.</summary>
    public bool Shedding => _shedding;

    /// <summary>Entries into shedding since start.</summary>
    public long ShedEvents => Interlocked.Read(ref _shedEvents);

    /// <summary>The GC heap at the last check, in bytes.</summary>
    public long LastHeapBytes { get; private set; }

    /// <summary>Raised with true on entry into shedding and false on exit, after the shrink callbacks.</summary>
    public event Action<bool>? SheddingChanged;

    /// <summary>Registers a callback run on every entry into shedding (a cache trims itself to a smaller bound).
    /// It runs on the monitor's thread: keep it short, and thread-safe against the cache's own users. Dispose to remove.</summary>
    public IDisposable OnShed(Action shrink)
    {
        lock (_lock)
            _shrinkers.Add(shrink);
        return new Registration(this, shrink);
    }

    /// <summary>Compares the heap with the limit; true when the shedding state changed.</summary>
    internal bool Update(long heapBytes)
    {
        LastHeapBytes = heapBytes;
        if (LimitBytes <= 0)
            return false;
        var percent = 100.0 * heapBytes / LimitBytes;
        var shed = _shedding ? percent >= ShedAtPercent - options.RecoverBelowPoints : percent >= ShedAtPercent;
        if (shed == _shedding)
            return false;
        _shedding = shed;
        if (shed)
            Interlocked.Increment(ref _shedEvents);
        return true;
    }

    /// <summary>Runs the shrink callbacks; returns the errors they threw (the caller logs them).</summary>
    internal List<Exception> Shrink()
    {
        Action[] shrinkers;
        lock (_lock)
            shrinkers = [.. _shrinkers];
        var errors = new List<Exception>();
        foreach (var shrink in shrinkers)
        {
            try
            {
                shrink();
            }
            catch (Exception error)
            {
                errors.Add(error);
            }
        }
        return errors;
    }

    internal void RaiseChanged() => SheddingChanged?.Invoke(_shedding);

    private sealed class Registration(MemoryPressure owner, Action shrink) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
                owner._shrinkers.Remove(shrink);
        }
    }
}
