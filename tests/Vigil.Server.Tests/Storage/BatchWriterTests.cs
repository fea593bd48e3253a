using Vigil.Core.Pings;
using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Storage.StoreTestData;

namespace Vigil.Server.Tests.Storage;

public sealed class BatchWriterTests : IDisposable
{
    private readonly StoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Append_Buffered_AnswersAtOnceAndCommitsOneBatchWithinTheFlushInterval()
    {
        using var store = _data.Open();
        var writer = Start(store, WriterOptions.Default with { Durability = Durability.Buffered, FlushInterval = TimeSpan.FromMilliseconds(300) });
        await writer.Submit(new CreateMonitor(Record(1, "a")));
        var before = writer.Stats.Batches;

        var acks = Enumerable.Range(0, 5)
            .Select(i => writer.Append(Ping(1, T0.AddSeconds(i), PingKind.Success)))
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
        using var store = _data.Open();
        var writer = Start(store);
        await writer.Submit(new CreateMonitor(Record(1, "a")));

        await writer.Append(Ping(1, T0, PingKind.Success, body: "body"));

        Assert.Equal("body", Assert.Single(store.ReadPings(1, null, 10)).Body);
        await writer.DrainAsync();
    }
}
