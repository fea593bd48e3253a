namespace Vigil.Storage.Writing;

/// <summary>Counters the batching writer keeps for metrics and readiness. Written by the writer thread.</summary>
public sealed class WriterStats
{
    private long _batches;
    private long _items;
    private long _failures;
    private long _lastBatchSize;
    private long _lastCommitMicros;
    private long _totalCommitMicros;
    private long _rejected;

    public long Batches => Volatile.Read(ref _batches);
    public long Items => Volatile.Read(ref _items);
    public long Failures => Volatile.Read(ref _failures);
    public long LastBatchSize => Volatile.Read(ref _lastBatchSize);
    public long LastCommitMicros => Volatile.Read(ref _lastCommitMicros);
    public long TotalCommitMicros => Volatile.Read(ref _totalCommitMicros);

    /// <summary>Pings refused because the queue was full (counted by the caller that refused them).</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>False from a failed commit until the next good one.</summary>
    public bool Healthy { get; internal set; } = true;

    internal void Committed(int size, long micros)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _items, size);
        Volatile.Write(ref _lastBatchSize, size);
        Volatile.Write(ref _lastCommitMicros, micros);
        Interlocked.Add(ref _totalCommitMicros, micros);
        Healthy = true;
    }

    internal void Failed()
    {
        Interlocked.Increment(ref _failures);
        Healthy = false;
    }

    public void CountRejected() => Interlocked.Increment(ref _rejected);
}
