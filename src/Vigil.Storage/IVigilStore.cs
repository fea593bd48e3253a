using Vigil.Core.Monitors;
using Vigil.Storage.Writing;

namespace Vigil.Storage;

/// <summary>
/// The storage seam. SQLite is the embedded default; another backend slots in by implementing this.
/// Writes arrive only through <see cref="Write"/>, called by the one batching writer; reads may come from any thread.
/// </summary>
public interface IVigilStore : IDisposable
{
    /// <summary>Creates or upgrades the schema. Called once at start.</summary>
    void Migrate();

    IReadOnlyList<MonitorRecord> LoadMonitors();

    /// <summary>Writes a batch in one transaction: all of it or none of it.</summary>
    void Write(IReadOnlyList<WriteItem> batch);

    /// <summary>Newest first; <paramref name="beforeId"/> is the paging cursor.</summary>
    IReadOnlyList<StoredPing> ReadPings(long monitorSeq, long? beforeId, int limit);

    /// <summary>Newest first; <paramref name="beforeId"/> is the paging cursor.</summary>
    IReadOnlyList<StoredFlip> ReadFlips(long monitorSeq, long? beforeId, int limit);

    ApiKeyRecord? FindApiKey(byte[] hash);

    IReadOnlyList<ApiKeyRecord> ListApiKeys();

    string? ReadMeta(string key);
}
