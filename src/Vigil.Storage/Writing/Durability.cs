namespace Vigil.Storage.Writing;

public enum Durability
{
    /// <summary>A write is acknowledged once the batch holding it is committed (the default).</summary>
    Commit,
    /// <summary>A write is acknowledged when queued and committed within the flush interval.</summary>
    Buffered,
}

/// <summary>How the batching writer behaves; see docs/configuration.md (storage.*).</summary>
public sealed record WriterOptions(Durability Durability, int QueueCapacity, int MaxBatchSize, TimeSpan FlushInterval)
{
    public static readonly WriterOptions Default = new(Durability.Commit, 200_000, 8192, TimeSpan.FromMilliseconds(100));
}
