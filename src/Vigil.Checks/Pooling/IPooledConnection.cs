namespace Vigil.Checks.Pooling;

/// <summary>A connection a <see cref="ConnectionPool{TConnection}"/> can hold: already authenticated and ready for commands.</summary>
public interface IPooledConnection : IAsyncDisposable
{
    /// <summary>A cheap local check, no round trip: the socket is still open and no protocol error left it in an unknown state.</summary>
    bool IsUsable { get; }
}
