using System.Collections.Concurrent;

namespace Vigil.Checks.Pooling;

/// <summary>
/// One pool per distinct target (host, port, credentials, database) of one protocol. Pools nobody used for
/// twice their idle timeout are closed by <see cref="PruneAsync"/>, so deleted monitors leave nothing open.
/// </summary>
public sealed class PoolRegistry<TConnection> : IAsyncDisposable where TConnection : class, IPooledConnection
{
    private readonly ConcurrentDictionary<string, ConnectionPool<TConnection>> _pools = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public PoolRegistry(string protocol, PoolOptions options, TimeProvider? time = null)
    {
        Protocol = protocol;
        Options = options;
        _time = time ?? TimeProvider.System;
    }

    public string Protocol { get; }

    public PoolOptions Options { get; }

    /// <summary>The pool for <paramref name="key"/>; <paramref name="open"/> makes its connections. <paramref name="label"/> names it in
    /// metrics and messages, so it must hold no secret (host:port, never a password).</summary>
    public ConnectionPool<TConnection> Get(string key, string label, Func<CancellationToken, Task<TConnection>> open) =>
        _pools.GetOrAdd(key, static (_, state) => new ConnectionPool<TConnection>(state.label, state.options, state.open, state.time),
            (label, options: Options, open, time: _time));

    public IEnumerable<PoolStats> Stats => _pools.Values.Select(p => p.Stats);

    public async Task PruneAsync()
    {
        var now = _time.GetUtcNow().UtcTicks;
        foreach (var (key, pool) in _pools)
        {
            await pool.PruneAsync().ConfigureAwait(false);
            var stats = pool.Stats;
            if (stats.Open == 0 && stats.Waiters == 0 && now - pool.LastUsedTicks > 2 * Options.IdleTimeout.Ticks && _pools.TryRemove(key, out _))
                await pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _pools.Values)
            await pool.DisposeAsync().ConfigureAwait(false);
        _pools.Clear();
    }
}
