namespace Vigil.Storage.Sqlite;

/// <summary>
/// Rollup deltas grouped per (monitor, bucket) for one resolution, so a flush costs one upsert per group rather than
/// one per result. Writer thread only; deltas are reused from flush to flush.
/// </summary>
internal sealed class RollupBatch(long bucketMs)
{
    private readonly Dictionary<(long Monitor, long Bucket), RollupDelta> _groups = [];
    private readonly List<RollupDelta> _used = [];
    private readonly Stack<RollupDelta> _spare = new();

    public long BucketMs { get; } = bucketMs;

    public IReadOnlyList<RollupDelta> Groups => _used;

    /// <summary>The delta of the bucket holding <paramref name="atMs"/> (floored, so times before 1970 bucket correctly too).</summary>
    public RollupDelta For(long monitor, long atMs)
    {
        var bucket = atMs - (((atMs % BucketMs) + BucketMs) % BucketMs);
        if (_groups.TryGetValue((monitor, bucket), out var delta))
            return delta;
        delta = _spare.Count > 0 ? _spare.Pop() : new RollupDelta();
        delta.Reset(monitor, bucket);
        _groups[(monitor, bucket)] = delta;
        _used.Add(delta);
        return delta;
    }

    /// <summary>Adds every group of <paramref name="other"/> into this one.</summary>
    public void Add(RollupBatch other)
    {
        foreach (var delta in other.Groups)
            For(delta.Monitor, delta.Bucket).Add(delta);
    }

    public void Clear()
    {
        if (_used.Count == 0)
            return;
        foreach (var delta in _used)
            _spare.Push(delta);
        _used.Clear();
        _groups.Clear();
    }
}
