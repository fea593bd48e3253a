namespace Vigil.Checks.Pooling;

/// <summary>
/// A connection borrowed from a pool. Disposing returns it; after <see cref="MarkBroken"/> (a protocol error,
/// a cancelled command that may have left bytes unread) disposing closes it instead.
/// </summary>
public sealed class PoolLease<TConnection> : IAsyncDisposable where TConnection : class, IPooledConnection
{
    private readonly ConnectionPool<TConnection>? _pool;
    private readonly long _createdTicks;
    private bool _broken;
    private bool _disposed;

    internal PoolLease(ConnectionPool<TConnection>? pool, TConnection connection, long createdTicks)
    {
        _pool = pool;
        Connection = connection;
        _createdTicks = createdTicks;
    }

    public TConnection Connection { get; }

    /// <summary>True when this connection was opened for this lease rather than reused.</summary>
    public bool Fresh { get; init; }

    public void MarkBroken() => _broken = true;

    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        return _pool is null ? Connection.DisposeAsync() : _pool.Return(Connection, _createdTicks, _broken);
    }
}
