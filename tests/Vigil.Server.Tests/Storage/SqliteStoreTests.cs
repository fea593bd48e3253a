using Vigil.Core.Pings;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Storage.StoreTestData;

namespace Vigil.Server.Tests.Storage;

/// <summary>The SQLite store through its batching writer: state checkpoints and their replay, ping chains, purges.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly StoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task LoadMonitors_CrashBeforeStateCheckpoint_ReplaysPingsExactly()
    {
        // No state checkpoint ever runs and the store is abandoned without its shutdown flush: a kill -9.
        var crashed = _data.Open(TimeSpan.MaxValue);
        var writer = Start(crashed);
        await writer.Submit(new CreateMonitor(Record(1, "a")));
        await writer.Submit(new CreateMonitor(Record(2, "b")));
        await writer.Append(Ping(1, T0, PingKind.Start, rid: "r1"));
        await writer.Append(Ping(1, T0.AddSeconds(5), PingKind.Success, duration: 5000, rid: "r1"));
        await writer.Append(Ping(2, T0.AddSeconds(1), PingKind.Success));
        await writer.Append(Ping(2, T0.AddSeconds(9), PingKind.Start, rid: "r2"));

        using var reopened = _data.Open(TimeSpan.MaxValue);
        var monitors = reopened.LoadMonitors().ToDictionary(m => m.Seq);

        Assert.Equal(2, monitors[1].State.PingCount);
        Assert.Equal(T0.AddSeconds(5), monitors[1].State.LastSuccessAt);
        Assert.Null(monitors[1].State.OpenStartAt); // the finish closed the run
        Assert.Equal(2, monitors[2].State.PingCount);
        Assert.Equal(T0.AddSeconds(9), monitors[2].State.LastPingAt);
        Assert.Equal(T0.AddSeconds(1), monitors[2].State.LastSuccessAt);
        Assert.Equal(T0.AddSeconds(9), monitors[2].State.OpenStartAt);
        Assert.Equal("r2", monitors[2].State.OpenRid);
        Assert.Equal([T0.AddSeconds(5), T0], reopened.ReadPings(1, null, 10).Select(p => p.At));
        await writer.DrainAsync();
        crashed.Dispose();
    }

    [Fact]
    public async Task LoadMonitors_AfterCheckpointAndMorePings_CountsEachPingOnce()
    {
        var store = _data.Open(TimeSpan.MaxValue);
        var writer = Start(store);
        await writer.Submit(new CreateMonitor(Record(1, "a")));
        for (var i = 0; i < 3; i++)
            await writer.Append(Ping(1, T0.AddSeconds(i), PingKind.Success));
        await writer.Submit(new FlushState()); // checkpoint covers the first three
        for (var i = 3; i < 5; i++)
            await writer.Append(Ping(1, T0.AddSeconds(i), PingKind.Success));

        using var reopened = _data.Open(TimeSpan.MaxValue);
        var monitor = Assert.Single(reopened.LoadMonitors());

        Assert.Equal(5, monitor.State.PingCount);
        Assert.Equal(T0.AddSeconds(4), monitor.State.LastSuccessAt);
        await writer.DrainAsync();
        store.Dispose();
    }

    [Fact]
    public async Task ReadPings_InterleavedMonitors_PagesEachChainNewestFirst()
    {
        using var store = _data.Open();
        var writer = Start(store);
        await writer.Submit(new CreateMonitor(Record(1, "a")));
        await writer.Submit(new CreateMonitor(Record(2, "b")));
        for (var i = 0; i < 7; i++)
        {
            _ = writer.Append(Ping(1, T0.AddSeconds(i), PingKind.Success));
            await writer.Append(Ping(2, T0.AddSeconds(i), PingKind.Log));
        }

        var first = store.ReadPings(1, null, 3);
        var second = store.ReadPings(1, first[^1].Id, 3);
        var third = store.ReadPings(1, second[^1].Id, 3);

        Assert.Equal([6, 5, 4, 3, 2, 1, 0], first.Concat(second).Concat(third).Select(p => (int)(p.At - T0).TotalSeconds));
        Assert.All(store.ReadPings(2, null, 50), p => Assert.Equal(PingKind.Log, p.Kind));
        Assert.Empty(store.ReadPings(2, first[0].Id, 10)); // another monitor's cursor ends the walk
        await writer.DrainAsync();
    }

    [Fact]
    public async Task PurgePings_OldPingsAndDeletedMonitor_RemovedAndChainsEndCleanly()
    {
        using var store = _data.Open();
        var writer = Start(store);
        await writer.Submit(new CreateMonitor(Record(1, "keep")));
        await writer.Submit(new CreateMonitor(Record(2, "gone")));
        for (var i = 0; i < 10; i++)
        {
            _ = writer.Append(Ping(1, T0.AddDays(i), PingKind.Success));
            await writer.Append(Ping(2, T0.AddDays(i), PingKind.Success));
        }
        await writer.Submit(new DeleteMonitor(2));

        var purge = new PurgePings(T0.AddDays(5), Chunk: 3);
        await writer.Submit(purge);
        while (purge.OrphansRemoved == 3 || purge.Removed.Values.Sum() == 3)
            await writer.Submit(purge = new PurgePings(T0.AddDays(5), Chunk: 3));

        var kept = store.ReadPings(1, null, 50);
        Assert.Equal([9, 8, 7, 6, 5], kept.Select(p => (int)(p.At - T0).TotalDays));
        Assert.Empty(store.ReadPings(2, null, 50));
        Assert.Equal(5, CountRows(store)); // the deleted monitor's pings are gone too, not only the old ones
        await writer.DrainAsync();
    }

    [Fact]
    public async Task Write_AfterRetentionEmptiedTheTableAndARestart_NeverReusesPingIds()
    {
        long lastId;
        using (var store = _data.Open())
        {
            var writer = Start(store);
            await writer.Submit(new CreateMonitor(Record(1, "a")));
            for (var i = 0; i < 3; i++)
                await writer.Append(Ping(1, T0, PingKind.Success));
            lastId = store.ReadPings(1, null, 1)[0].Id;
            await writer.Submit(new PurgePings(T0.AddDays(1), Chunk: 100));
            Assert.Equal(0, CountRows(store));
            await writer.DrainAsync();
        }

        using var reopened = _data.Open();
        var again = Start(reopened);
        await again.Append(Ping(1, T0.AddDays(2), PingKind.Success));

        Assert.True(reopened.ReadPings(1, null, 1)[0].Id > lastId);
        await again.DrainAsync();
    }

    private static long CountRows(SqliteStore store)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM ping";
        return (long)command.ExecuteScalar()!;
    }
}
