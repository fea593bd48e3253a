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

    /// <summary>How many monitors are stored, so the registry can be sized before <see cref="LoadMonitors"/>.</summary>
    int CountMonitors();

    /// <summary>Every stored monitor in seq order, streamed: read once at start, each record used and dropped.</summary>
    IEnumerable<MonitorRecord> LoadMonitors();

    /// <summary>Every notification channel, oldest first (read once at start).</summary>
    IReadOnlyList<Core.Channels.ChannelDefinition> LoadChannels();

    /// <summary>Writes a batch in one transaction: all of it or none of it.</summary>
    void Write(IReadOnlyList<WriteItem> batch);

    /// <summary>Newest first; <paramref name="beforeId"/> is the paging cursor.</summary>
    IReadOnlyList<StoredPing> ReadPings(long monitorSeq, long? beforeId, int limit);

    /// <summary>Newest first; <paramref name="beforeId"/> is the paging cursor.</summary>
    IReadOnlyList<StoredFlip> ReadFlips(long monitorSeq, long? beforeId, int limit);

    /// <summary>A monitor's check runs, newest first; <paramref name="beforeId"/> is the paging cursor.</summary>
    IReadOnlyList<StoredCheckResult> ReadCheckResults(long monitorSeq, long? beforeId, int limit);

    /// <summary>The newest check run of every monitor that has one, keyed by monitor seq (read once at start).</summary>
    IReadOnlyDictionary<long, StoredCheckResult> LoadLatestCheckResults();

    /// <summary>Oldest first: the buckets from the one holding <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
    IReadOnlyList<CheckRollup> ReadRollups(long monitorSeq, RollupResolution resolution, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Uptime over the last 24 h, 7 d and 30 d before <paramref name="now"/>, from the hourly rollups.</summary>
    Uptime ReadUptime(long monitorSeq, DateTimeOffset now);

    ApiKeyRecord? FindApiKey(byte[] hash);

    IReadOnlyList<ApiKeyRecord> ListApiKeys();

    string? ReadMeta(string key);

    /// <summary>Every maintenance window, oldest first (read once at start).</summary>
    IReadOnlyList<StoredMaintenanceWindow> LoadMaintenanceWindows();

    /// <summary>Every stored silence, expired ones included (read once at start).</summary>
    IReadOnlyList<StoredSilence> LoadSilences();
}
