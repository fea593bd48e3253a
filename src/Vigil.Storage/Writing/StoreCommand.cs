using Vigil.Core.Monitors;

namespace Vigil.Storage.Writing;

/// <summary>
/// A management write (monitor, key, setting, retention). Commands go through the same batching writer as pings,
/// so storage has one writer; each has its own completion, so one bad command fails alone.
/// </summary>
public abstract record StoreCommand
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    internal void Complete() => _done.TrySetResult();

    internal void Fail(Exception error) => _done.TrySetException(error);
}

public sealed record CreateMonitor(MonitorRecord Monitor) : StoreCommand;

/// <summary>Writes a monitor's definition; its runtime state columns are left alone.</summary>
public sealed record UpdateMonitor(long Seq, MonitorDefinition Definition, DateTimeOffset At) : StoreCommand;

/// <summary>Deletes a monitor and its flips at once; its pings go later, in retention's chunks.</summary>
public sealed record DeleteMonitor(long Seq) : StoreCommand;

public sealed record CreateApiKey(ApiKeyRecord Key) : StoreCommand;

public sealed record DeleteApiKey(Guid Id) : StoreCommand
{
    public bool Found { get; set; }
}

/// <summary>Writes every monitor's pending state now (the store otherwise does so about once a second); sent on shutdown.</summary>
public sealed record FlushState : StoreCommand;

public sealed record SetMeta(string Key, string Value) : StoreCommand;

/// <summary>Deletes up to <see cref="Chunk"/> pings older than <see cref="Cutoff"/> and pings of deleted monitors.</summary>
public sealed record PurgePings(DateTimeOffset Cutoff, int Chunk) : StoreCommand
{
    /// <summary>Pings removed per monitor seq, so live counts can follow.</summary>
    public Dictionary<long, int> Removed { get; } = [];

    /// <summary>Pings of deleted monitors removed.</summary>
    public int OrphansRemoved { get; set; }
}

/// <summary>
/// One round of check retention: deletes up to <see cref="Chunk"/> raw results older than <see cref="RawCutoff"/>, up
/// to <see cref="Chunk"/> minute rollups older than <see cref="MinuteCutoff"/>, as many hour rollups older than
/// <see cref="HourCutoff"/>, and up to <see cref="Chunk"/> raw results and rollups of deleted monitors.
/// Send new rounds while <see cref="MayHaveMore"/>.
/// </summary>
public sealed record PurgeCheckResults(DateTimeOffset RawCutoff, DateTimeOffset MinuteCutoff, DateTimeOffset HourCutoff, int Chunk) : StoreCommand
{
    public int RawRemoved { get; set; }

    public int MinuteRollupsRemoved { get; set; }

    public int HourRollupsRemoved { get; set; }

    /// <summary>Raw results and rollups of deleted monitors removed.</summary>
    public int OrphansRemoved { get; set; }

    /// <summary>True when some part filled its chunk, so another round may find more.</summary>
    public bool MayHaveMore => RawRemoved >= Chunk || MinuteRollupsRemoved >= Chunk || HourRollupsRemoved >= Chunk || OrphansRemoved >= Chunk;
}
