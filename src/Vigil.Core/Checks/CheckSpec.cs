namespace Vigil.Core.Checks;

/// <summary>
/// What an active monitor probes and how often. Each monitor type has its own subtype with its target's fields;
/// the fields here are common to all of them. Immutable: an edit makes a new spec.
/// </summary>
public abstract record CheckSpec
{
    /// <summary>The monitor type name the API uses ("http", "tcp", …).</summary>
    public abstract string Type { get; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The whole run, connect included, must finish within this or it fails as a timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public CheckPriority Priority { get; init; } = CheckPriority.Normal;

    /// <summary>A successful run slower than this counts as degraded. Null: never degraded.</summary>
    public TimeSpan? DegradedAfter { get; init; }

    /// <summary>Consecutive failed runs before the monitor goes down.</summary>
    public int FailuresBeforeDown { get; init; } = 1;

    /// <summary>Consecutive good runs before a down monitor comes back up.</summary>
    public int SuccessesBeforeUp { get; init; } = 1;

    /// <summary>Open a new connection for every run instead of reusing a pooled one (tests the whole connect).</summary>
    public bool FreshConnection { get; init; }
}
