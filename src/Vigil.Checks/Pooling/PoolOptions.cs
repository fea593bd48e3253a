namespace Vigil.Checks.Pooling;

/// <summary>Bounds of one target's pool.</summary>
/// <param name="MaxSize">Connections open at most, idle and in use together.</param>
/// <param name="IdleTimeout">An idle connection older than this is closed instead of reused.</param>
/// <param name="MaxLifetime">A connection older than this is closed instead of reused, however busy.</param>
/// <param name="AcquireTimeout">How long a check waits for a free connection before failing as pool_exhausted.</param>
public sealed record PoolOptions(int MaxSize, TimeSpan IdleTimeout, TimeSpan MaxLifetime, TimeSpan AcquireTimeout)
{
    public static readonly PoolOptions Default = new(4, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(2));
}
