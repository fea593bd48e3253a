using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;
using Vigil.Core.Schedules;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Server.Tests.Storage;

public sealed class BatchWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-writer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Append_Buffered_AnswersAtOnceAndCommitsOneBatchWithinTheFlushInterval()
    {
        using var store = new SqliteStore(_dir);
        store.Migrate();
        var writer = new BatchWriter(store, WriterOptions.Default with { Durability = Durability.Buffered, FlushInterval = TimeSpan.FromMilliseconds(300) },
            NullLogger<BatchWriter>.Instance);
        writer.Start();
        await writer.Submit(new CreateMonitor(new MonitorRecord(1,
            new MonitorDefinition(Guid.NewGuid(), "a", "a", [], "", new SimpleSchedule(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), false, T0),
            MonitorStateRecord.New)));
        var before = writer.Stats.Batches;

        var acks = Enumerable.Range(0, 5)
            .Select(i => writer.Append(new PingEvent(Guid.Empty, 1, T0.AddSeconds(i), PingKind.Success, -1, -1, null, null, false, PingSource.Batch)))
            .ToList();

        Assert.All(acks, ack => Assert.True(ack.IsCompleted)); // buffered: acknowledged on enqueue
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (writer.QueueDepth > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(0, writer.QueueDepth);
        Assert.Equal(before + 1, writer.Stats.Batches); // the five pings waited for each other: one commit
        Assert.Equal(5, writer.Stats.LastBatchSize);
        Assert.Equal(5, store.ReadPings(1, null, 10).Count);
        await writer.DrainAsync();
    }

    [Fact]
    public async Task Append_Commit_CompletesOnlyAfterTheBatchIsStored()
    {
        using var store = new SqliteStore(_dir);
        store.Migrate();
        var writer = new BatchWriter(store, WriterOptions.Default, NullLogger<BatchWriter>.Instance);
        writer.Start();
        await writer.Submit(new CreateMonitor(new MonitorRecord(1,
            new MonitorDefinition(Guid.NewGuid(), "a", "a", [], "", new SimpleSchedule(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), false, T0),
            MonitorStateRecord.New)));

        await writer.Append(new PingEvent(Guid.Empty, 1, T0, PingKind.Success, -1, -1, null, "body", false, PingSource.Batch));

        Assert.Equal("body", Assert.Single(store.ReadPings(1, null, 10)).Body);
        await writer.DrainAsync();
    }
}
