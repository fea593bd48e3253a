using Vigil.Core.Pings;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// What a run of pings did to one monitor's stored state (times in Unix ms). Folding is order-preserving and
/// merging is associative, so deltas of consecutive batches combine into one row update.
/// </summary>
internal sealed class StateDelta
{
    public long LastPingId;
    public long LastPing;
    public long LastSuccess;
    public long Count;
    public bool RunChanged;
    public long RunStart;
    public string? RunRid;

    public void Fold(long id, long at, PingKind kind, long durationMs, string? rid)
    {
        Count++;
        LastPingId = Math.Max(LastPingId, id);
        LastPing = Math.Max(LastPing, at);
        if (kind == PingKind.Success)
            LastSuccess = Math.Max(LastSuccess, at);
        if (kind == PingKind.Start)
            (RunChanged, RunStart, RunRid) = (true, at, rid);
        else if (durationMs >= 0) // a finish that closed the open run (the engine's rule: closed ⇔ duration ≥ 0)
            (RunChanged, RunStart, RunRid) = (true, 0, null);
    }

    /// <summary>Adds a later delta on top of this one.</summary>
    public void Merge(StateDelta later)
    {
        Count += later.Count;
        LastPingId = Math.Max(LastPingId, later.LastPingId);
        LastPing = Math.Max(LastPing, later.LastPing);
        LastSuccess = Math.Max(LastSuccess, later.LastSuccess);
        if (later.RunChanged)
            (RunChanged, RunStart, RunRid) = (true, later.RunStart, later.RunRid);
    }
}
