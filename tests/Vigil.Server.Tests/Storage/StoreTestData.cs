using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;
using Vigil.Core.Schedules;
using Vigil.Core.States;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Server.Tests.Storage;

/// <summary>A throwaway data dir with stores and writers on it, plus the rows the storage tests write.</summary>
public sealed class StoreTestData : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "vigil-store-" + Guid.NewGuid().ToString("N"));

    /// <summary>Rollups are flushed with every batch unless <paramref name="rollupFlush"/> says otherwise, so reads see them at once.</summary>
    public SqliteStore Open(TimeSpan? stateCheckpoint = null, TimeSpan? rollupFlush = null)
    {
        var store = new SqliteStore(Dir, stateCheckpoint, rollupFlush ?? TimeSpan.Zero);
        store.Migrate();
        return store;
    }

    public static BatchWriter Start(SqliteStore store, WriterOptions? options = null)
    {
        var writer = new BatchWriter(store, options ?? WriterOptions.Default, NullLogger<BatchWriter>.Instance);
        writer.Start();
        return writer;
    }

    public static MonitorRecord Record(long seq, string slug) =>
        new(seq, new MonitorDefinition(Guid.NewGuid(), slug, slug, [], "", new SimpleSchedule(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), false, T0),
            MonitorStateRecord.New with { Status = MonitorStatus.Up });

    public static PingEvent Ping(long seq, DateTimeOffset at, PingKind kind, long duration = -1, string? rid = null, string? body = null) =>
        new(Guid.Empty, seq, at, kind, -1, duration, rid, body, false, PingSource.Batch);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Dir))
            Directory.Delete(Dir, recursive: true);
    }
}
