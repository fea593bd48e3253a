using System.Diagnostics;

namespace Vigil.Checks.Pooling;

/// <summary>
/// A small pool of ready connections to one target. Bounded in size; the wait for a connection is bounded too and
/// ends in <see cref="PoolExhaustedException"/>, so a dead or slow target can never make checks hang on Vigil's side.
/// Idle connections are reused newest first, so the oldest age out through the idle timeout when load drops.
/// </summary>
public sealed class ConnectionPool<TConnection> : IAsyncDisposable where TConnection : class, IPooledConnection
{
    private readonly Func<CancellationToken, Task<TConnection>> _open;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _gate = new();
    private readonly List<Idle> _idle = [];
    private int _openCount;
    private int _waiters;
    private long _created;
    private long _closed;
    private long _acquired;
    private long _exhausted;
    private long _waitTicks;
    private bool _disposed;

    public ConnectionPool(string name, PoolOptions options, Func<CancellationToken, Task<TConnection>> open, TimeProvider? time = null)
    {
        Name = name;
        Options = options;
        _open = open;
        _time = time ?? TimeProvider.System;
        _slots = new SemaphoreSlim(options.MaxSize, options.MaxSize);
        LastUsedTicks = _time.GetUtcNow().UtcTicks;
    }

    public string Name { get; }

    public PoolOptions Options { get; }

    /// <summary>When a connection was last taken or returned; the registry drops pools unused for long.</summary>
    public long LastUsedTicks { get; private set; }

    /// <summary>Borrows a connection: a usable idle one, else a new one. Waits at most the acquire timeout for room.</summary>
    public async Task<PoolLease<TConnection>> AcquireAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _waiters);
        bool entered;
        try
        {
            entered = await _slots.WaitAsync(Options.AcquireTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
            Interlocked.Add(ref _waitTicks, Stopwatch.GetElapsedTime(started).Ticks);
        }
        if (!entered)
        {
            Interlocked.Increment(ref _exhausted);
            throw new PoolExhaustedException(Name, Options.AcquireTimeout);
        }

        try
        {
            var now = _time.GetUtcNow().UtcTicks;
            LastUsedTicks = now;
            while (TakeIdle() is { } idle)
            {
                if (idle.Connection.IsUsable && now - idle.ReturnedTicks < Options.IdleTimeout.Ticks && now - idle.CreatedTicks < Options.MaxLifetime.Ticks)
                {
                    Interlocked.Increment(ref _acquired);
                    return new PoolLease<TConnection>(this, idle.Connection, idle.CreatedTicks);
                }
                await Close(idle.Connection).ConfigureAwait(false);
            }
            var connection = await _open(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _openCount);
            Interlocked.Increment(ref _created);
            Interlocked.Increment(ref _acquired);
            return new PoolLease<TConnection>(this, connection, now) { Fresh = true };
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Opens a connection outside the pool, closed when the lease is disposed (a monitor's fresh_connection option).</summary>
    public async Task<PoolLease<TConnection>> OpenUnpooledAsync(CancellationToken cancellationToken) =>
        new(null, await _open(cancellationToken).ConfigureAwait(false), _time.GetUtcNow().UtcTicks) { Fresh = true };

    /// <summary>Closes idle connections past their idle timeout or lifetime. Called now and then by the pool's owner.</summary>
    public async Task PruneAsync()
    {
        var now = _time.GetUtcNow().UtcTicks;
        List<TConnection> stale;
        lock (_gate)
        {
            stale = [];
            _idle.RemoveAll(idle =>
            {
                var expired = now - idle.ReturnedTicks >= Options.IdleTimeout.Ticks || now - idle.CreatedTicks >= Options.MaxLifetime.Ticks || !idle.Connection.IsUsable;
                if (expired)
                    stale.Add(idle.Connection);
                return expired;
            });
        }
        foreach (var connection in stale)
            await Close(connection).ConfigureAwait(false);
    }

    public PoolStats Stats
    {
        get
        {
            int idle;
            lock (_gate)
                idle = _idle.Count;
            var open = Volatile.Read(ref _openCount);
            return new PoolStats(Name, open, idle, open - idle, Volatile.Read(ref _waiters), Interlocked.Read(ref _created),
                Interlocked.Read(ref _closed), Interlocked.Read(ref _acquired), Interlocked.Read(ref _exhausted),
                TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks)));
        }
    }

    internal async ValueTask Return(TConnection connection, long createdTicks, bool broken)
    {
        var now = _time.GetUtcNow().UtcTicks;
        LastUsedTicks = now;
        try
        {
            if (broken || _disposed || !connection.IsUsable || now - createdTicks >= Options.MaxLifetime.Ticks)
                await Close(connection).ConfigureAwait(false);
            else
                lock (_gate)
                    _idle.Add(new Idle(connection, createdTicks, now));
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        List<Idle> idle;
        lock (_gate)
        {
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var entry in idle)
            await Close(entry.Connection).ConfigureAwait(false);
    }

    private Idle? TakeIdle()
    {
        lock (_gate)
        {
            if (_idle.Count == 0)
                return null;
            var last = _idle[^1];
            _idle.RemoveAt(_idle.Count - 1);
            return last;
        }
    }

    private async ValueTask Close(TConnection connection)
    {
        Interlocked.Decrement(ref _openCount);
        Interlocked.Increment(ref _closed);
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Closing a connection the target already dropped may throw; it is gone either way.
        }
    }

    private sealed record Idle(TConnection Connection, long CreatedTicks, long ReturnedTicks);
}
