namespace Vigil.Checks.Pooling;

/// <summary>No connection came free within the pool's acquire timeout. Probes report it as a pool_exhausted result.</summary>
public sealed class PoolExhaustedException(string pool, TimeSpan waited)
    : Exception($"no free connection in pool {pool} after {waited.TotalMilliseconds:0} ms");
