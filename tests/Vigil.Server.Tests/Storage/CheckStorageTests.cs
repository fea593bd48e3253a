using Microsoft.Data.Sqlite;
using Vigil.Core.Checks;
using Vigil.Storage;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;
using static Vigil.Server.Tests.Storage.StoreTestData;

namespace Vigil.Server.Tests.Storage;

/// <summary>Check results in the SQLite store: raw rows, rollups, uptime, retention, restart and the schema upgrade.</summary>
public sealed class CheckStorageTests : IDisposable
{
    private readonly StoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ReadCheckResults_InterleavedMonitors_PagesNewestFirstAndKeepsEveryField()
    {
        using var store = _data.Open();
        var writer = Start(store);
        await writer.Submit(new CreateMonitor(Record(1, "a")));
        await writer.Submit(new CreateMonitor(Record(2, "b")));
        var phases = new PhaseTimings(null, TimeSpan.FromMicroseconds(1500), null, TimeSpan.FromMicroseconds(8250), TimeSpan.FromMicroseconds(9001));
        for (var i = 0; i < 7; i++)
        {
            _ = writer.Append(Check(1, T0.AddSeconds(i), CheckStatus.Up, TimeSpan.FromMicroseconds(9001 + i), phases: phases));
            await writer.Append(Check(2, T0.AddSeconds(i), CheckStatus.Down, TimeSpan.FromSeconds(5), CheckError.Timeout, "timed out after 5 s"));
        }

        var first = store.ReadCheckResults(1, null, 3);
        var second = store.ReadCheckResults(1, first[^1].Id, 3);
        var third = store.ReadCheckResults(1, second[^1].Id, 3);

        Assert.Equal([6, 5, 4, 3, 2, 1, 0], first.Concat(second).Concat(third).Select(r => (int)(r.At - T0).TotalSeconds));
        Assert.Equal(TimeSpan.FromMicroseconds(9007), first[0].Latency);
        Assert.Equal(phases, first[0].Phases);
        Assert.Equal((CheckStatus.Up, CheckError.None, ""), (first[0].Status, first[0].Error, first[0].Message));
        var down = store.ReadCheckResults(2, null, 1)[0];
        Assert.Equal((CheckStatus.Down, CheckError.Timeout, "timed out after 5 s"), (down.Status, down.Error, down.Message));
        Assert.Null(down.Phases);
        Assert.Equal(7, store.ReadCheckResults(2, null, 50).Count);
        await writer.DrainAsync();
    }

    [Fact]
    public async Task LoadLatestCheckResults_SeveralMonitors_NewestOfEachLiveMonitor()
    {
        using var store = _data.Open();
        var writer = Start(store);
        for (var seq = 1; seq <= 4; seq++)
            await writer.Submit(new CreateMonitor(Record(seq, "m" + seq)));
        for (var i = 0; i < 5; i++)
        {
            _ = writer.Append(Check(1, T0.AddSeconds(i), CheckStatus.Up, TimeSpan.FromMilliseconds(i)));
            _ = writer.Append(Check(3, T0.AddSeconds(i), CheckStatus.Down, TimeSpan.FromMilliseconds(i), CheckError.Connect, "refused " + i));
            await writer.Append(Check(4, T0.AddSeconds(i), CheckStatus.Up, TimeSpan.FromMilliseconds(i)));
        }
        await writer.Submit(new DeleteMonitor(4));

        var latest = store.LoadLatestCheckResults();

        Assert.Equal([1, 3], latest.Keys.Order()); // 2 never ran, 4 is deleted
        Assert.Equal(T0.AddSeconds(4), latest[1].At);
        Assert.Equal("refused 4", latest[3].Message);
        await writer.DrainAsync();
    }

    [Fact]
    public async Task ReadRollups_TwoMinutesAndTwoHours_CountsAndLatencyEstimates()
    {
        using var store = _data.Open();
        var writer = Start(store);
        await writer.Submit(new CreateMonitor(Record(1, "a")));
        // Minute 12:00, one commit each, so the rows are merged by the upsert rather than in memory.
        await writer.Append(Check(1, T0.AddSeconds(1), CheckStatus.Up, Ms(10)));
        await writer.Append(Check(1, T0.AddSeconds(2), CheckStatus.Up, Ms(30)));
        await writer.Append(Check(1, T0.AddSeconds(3), CheckStatus.Degraded, Ms(150)));
        await writer.Append(Check(1, T0.AddSeconds(4), CheckStatus.Down, Ms(400), CheckError.Timeout));
        await writer.Append(Check(1, T0.AddSeconds(5), CheckStatus.Down, Ms(2000), CheckError.PoolExhausted));
        // Minute 12:01, queued together so they may share a batch and be grouped in memory.
        foreach (var ms in new[] { 110, 130, 160, 190 })
            _ = writer.Append(Check(1, T0.AddMinutes(1).AddSeconds(ms / 10), CheckStatus.Up, Ms(ms)));
        await writer.Append(Check(1, T0.AddHours(1).AddMinutes(30), CheckStatus.Down, Ms(5), CheckError.Connect));

        var minutes = store.ReadRollups(1, RollupResolution.Minute, T0, T0.AddMinutes(2));
        var hours = store.ReadRollups(1, RollupResolution.Hour, T0.AddMinutes(30), T0.AddHours(2));

        Assert.Equal([T0, T0.AddMinutes(1)], minutes.Select(m => m.BucketStart));
        var m0 = minutes[0];
        Assert.Equal((5L, 1L, 1L, 1L), (m0.Count, m0.Failures, m0.Degraded, m0.Inconclusive));
        Assert.Equal(Ms(147.5), m0.MeanLatency); // (10 + 30 + 150 + 400) / 4: the pool_exhausted run is left out
        Assert.Equal(Ms(400), m0.MaxLatency);
        Assert.Equal(Ms(50), m0.P50); // rank 2 of 4 is the whole (20, 50] bucket
        Assert.Equal(Ms(400), m0.P95); // 440 interpolated in (200, 500], capped at the max
        var m1 = minutes[1];
        Assert.Equal((4L, 0L, 0L, 0L), (m1.Count, m1.Failures, m1.Degraded, m1.Inconclusive));
        Assert.Equal(Ms(147.5), m1.MeanLatency);
        Assert.Equal(Ms(150), m1.P50); // all four in (100, 200]: half-way
        Assert.Equal(Ms(190), m1.P99);

        Assert.Equal([T0, T0.AddHours(1)], hours.Select(h => h.BucketStart)); // from inside a bucket includes that bucket
        Assert.Equal((9L, 1L, 1L, 1L), (hours[0].Count, hours[0].Failures, hours[0].Degraded, hours[0].Inconclusive));
        Assert.Equal(Ms(147.5), hours[0].MeanLatency);
        Assert.Equal(Ms(400), hours[0].MaxLatency);
        Assert.Equal((1L, 1L), (hours[1].Count, hours[1].Failures));
        Assert.Single(store.ReadRollups(1, RollupResolution.Minute, T0.AddMinutes(1), T0.AddMinutes(2)));
        await writer.DrainAsync();
    }

    [Fact]
    public async Task ReadUptime_CraftedHours_FractionPerWindowWithoutInconclusiveRuns()
    {
        using var store = _data.Open();
        var writer = Start(store);
        for (var seq = 1; seq <= 3; seq++)
            await writer.Submit(new CreateMonitor(Record(seq, "m" + seq)));
        var now = T0.AddMinutes(30);
        // This hour: 3 of 4 conclusive runs up (degraded counts as up); the pool_exhausted run is not counted.
        _ = writer.Append(Check(1, T0.AddMinutes(1), CheckStatus.Up, Ms(5)));
        _ = writer.Append(Check(1, T0.AddMinutes(2), CheckStatus.Degraded, Ms(900)));
        _ = writer.Append(Check(1, T0.AddMinutes(3), CheckStatus.Up, Ms(5)));
        _ = writer.Append(Check(1, T0.AddMinutes(4), CheckStatus.Down, Ms(5), CheckError.HttpStatus));
        _ = writer.Append(Check(1, T0.AddMinutes(5), CheckStatus.Down, Ms(5), CheckError.PoolExhausted));
        // 23 hours back is still in the 24 h window; 24 hours back is the first hour outside it.
        _ = writer.Append(Check(1, T0.AddHours(-23), CheckStatus.Up, Ms(5)));
        for (var i = 0; i < 5; i++)
            _ = writer.Append(Check(1, T0.AddHours(-24).AddMinutes(i), CheckStatus.Down, Ms(5), CheckError.Dns));
        for (var i = 0; i < 6; i++)
            _ = writer.Append(Check(1, T0.AddDays(-20).AddMinutes(i), CheckStatus.Up, Ms(5)));
        _ = writer.Append(Check(1, T0.AddDays(-40), CheckStatus.Down, Ms(5), CheckError.Dns)); // outside every window
        _ = writer.Append(Check(1, now.AddHours(2), CheckStatus.Down, Ms(5), CheckError.Dns)); // after now (a skewed clock)
        await writer.Append(Check(3, T0, CheckStatus.Down, Ms(5), CheckError.PoolExhausted));

        var uptime = store.ReadUptime(1, now);

        Assert.Equal(4.0 / 5, uptime.Last24Hours);
        Assert.Equal(4.0 / 10, uptime.Last7Days);
        Assert.Equal(10.0 / 16, uptime.Last30Days);
        Assert.Equal(new Uptime(null, null, null), store.ReadUptime(2, now)); // never ran
        Assert.Equal(new Uptime(null, null, null), store.ReadUptime(3, now)); // only inconclusive runs
        await writer.DrainAsync();
    }

    [Fact]
    public void Write_BatchFails_LeavesNeitherRawRowsNorRollupsAndTheRetryCountsOnce()
    {
        using var store = _data.Open();
        WriteItem[] results = [new(Check(1, T0, CheckStatus.Up, Ms(10))), new(Check(2, T0, CheckStatus.Up, Ms(300)))];

        Assert.Throws<NotSupportedException>(() => store.Write([.. results, new(new UnhandledCommand())]));

        Assert.Equal(0, Count(store, "check_result"));
        Assert.Equal(0, Count(store, "check_rollup"));
        store.Write(results);
        Assert.Equal(2, Count(store, "check_result"));
        Assert.Equal(4, Count(store, "check_rollup"));
        var one = store.ReadRollups(1, RollupResolution.Minute, T0, T0.AddHours(1)).Concat(store.ReadRollups(1, RollupResolution.Hour, T0, T0.AddHours(1)));
        Assert.All(one, rollup => Assert.Equal((1L, Ms(7.5)), (rollup.Count, rollup.P50))); // half-way through (5, 10]
        // Both groups of the batch keep their own histogram (the upserts share one parameter buffer).
        Assert.Equal(Ms(300), Assert.Single(store.ReadRollups(2, RollupResolution.Minute, T0, T0.AddHours(1))).P50);
    }

    [Fact]
    public void DeferredRollups_CrashBeforeTheFlush_AreFoldedInAgainAtTheNextStart()
    {
        using (var store = _data.Open(rollupFlush: TimeSpan.FromHours(1)))
        {
            store.Write([new WriteItem(Check(1, T0, CheckStatus.Up, Ms(10)))]);
            store.Write([new WriteItem(Check(1, T0.AddSeconds(1), CheckStatus.Down, Ms(20)))]);
            Assert.Equal(2, Count(store, "check_result"));
            Assert.Equal(0, Count(store, "check_rollup")); // still in memory: the flush is an hour away
        } // disposed without a flush: as good as kill -9 for what was in memory

        using var reopened = _data.Open(rollupFlush: TimeSpan.FromHours(1));
        reopened.Write([new WriteItem(Check(1, T0.AddSeconds(2), CheckStatus.Up, Ms(30))), new WriteItem(new FlushState())]);

        var minute = Assert.Single(reopened.ReadRollups(1, RollupResolution.Minute, T0, T0.AddHours(1)));
        Assert.Equal((3L, 1L), (minute.Count, minute.Failures));
        Assert.Equal(Ms(30), minute.MaxLatency);

        // Flushed once: a further start folds in nothing twice.
        reopened.Dispose();
        using var again = _data.Open();
        again.Write([new WriteItem(Check(1, T0.AddSeconds(3), CheckStatus.Up, Ms(1)))]);
        Assert.Equal(4L, Assert.Single(again.ReadRollups(1, RollupResolution.Minute, T0, T0.AddHours(1))).Count);
    }

    [Fact]
    public async Task PurgeCheckResults_CutoffsAndDeletedMonitor_RemovedInChunks()
    {
        using var store = _data.Open();
        var writer = Start(store);
        await writer.Submit(new CreateMonitor(Record(1, "keep")));
        await writer.Submit(new CreateMonitor(Record(2, "gone")));
        await writer.Submit(new CreateMonitor(Record(3, "heartbeat-only")));
        for (var i = 0; i < 10; i++)
        {
            _ = writer.Append(Check(1, T0.AddDays(i), CheckStatus.Up, Ms(5)));
            await writer.Append(Check(2, T0.AddDays(i), CheckStatus.Up, Ms(5)));
        }
        await writer.Submit(new DeleteMonitor(3));
        await writer.Submit(new DeleteMonitor(2));

        var rounds = 0;
        PurgeCheckResults purge;
        do
        {
            await writer.Submit(purge = new PurgeCheckResults(T0.AddDays(5), T0.AddDays(7), T0.AddDays(3), Chunk: 3));
            rounds++;
        }
        while (purge.MayHaveMore);

        Assert.Equal([9, 8, 7, 6, 5], store.ReadCheckResults(1, null, 50).Select(r => (int)(r.At - T0).TotalDays));
        Assert.Equal([7, 8, 9], store.ReadRollups(1, RollupResolution.Minute, T0, T0.AddDays(10)).Select(r => (int)(r.BucketStart - T0).TotalDays));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], store.ReadRollups(1, RollupResolution.Hour, T0, T0.AddDays(10)).Select(r => (int)(r.BucketStart - T0).TotalDays));
        Assert.Equal(5 + 3 + 7, Count(store, "check_result") + Count(store, "check_rollup")); // nothing of monitor 2 is left
        Assert.Equal(0, Count(store, "check_purge"));
        Assert.True(rounds > 2); // chunks of 3 could not take 10 raw rows of monitor 2 and its 20 rollups at once
        await writer.DrainAsync();
    }

    [Fact]
    public async Task Reopen_AfterRestart_KeepsResultsAndRollupsAndMergesIntoThem()
    {
        using (var store = _data.Open())
        {
            var writer = Start(store);
            await writer.Submit(new CreateMonitor(Record(1, "a")));
            await writer.Append(Check(1, T0, CheckStatus.Up, Ms(10)));
            await writer.Append(Check(1, T0.AddSeconds(1), CheckStatus.Down, Ms(30), CheckError.Tls, "certificate expired"));
            await writer.DrainAsync();
        }

        using var reopened = _data.Open();
        var again = Start(reopened);
        Assert.Equal("certificate expired", reopened.LoadLatestCheckResults()[1].Message);
        await again.Append(Check(1, T0.AddSeconds(2), CheckStatus.Up, Ms(1000)));

        Assert.Equal(3, reopened.ReadCheckResults(1, null, 10).Count);
        var minute = Assert.Single(reopened.ReadRollups(1, RollupResolution.Minute, T0, T0.AddMinutes(1)));
        Assert.Equal((3L, 1L), (minute.Count, minute.Failures));
        Assert.Equal(Ms(1000), minute.MaxLatency);
        Assert.Equal(Ms(35), minute.P50); // rank 1.5 of 3 is half-way through (20, 50]: the merged histogram holds all three runs
        await again.DrainAsync();
    }

    [Fact]
    public async Task Migrate_DatabaseAtSchemaVersion1_AddsCheckTablesAndKeepsMonitors()
    {
        Directory.CreateDirectory(_data.Dir);
        using (var v1 = new SqliteConnection($"Data Source={Path.Combine(_data.Dir, SqliteStore.FileName)};Pooling=False"))
        {
            v1.Open();
            using var command = v1.CreateCommand();
            command.CommandText = ReadMigration("001_initial.sql") + "\nPRAGMA user_version = 1;" +
                "INSERT INTO monitor (seq, id, slug, name, grace_seconds, period_seconds, created_at, updated_at) VALUES (7, zeroblob(16), 'old', 'old', 60, 60, 0, 0);";
            command.ExecuteNonQuery();
        }

        using var store = _data.Open();
        var writer = Start(store);
        await writer.Append(Check(7, T0, CheckStatus.Up, Ms(3)));

        Assert.Equal("old", Assert.Single(store.LoadMonitors()).Definition.Slug);
        Assert.Equal(LatestMigration(), Scalar(store, "PRAGMA user_version")); // every later migration applied too
        Assert.Equal("heartbeat", Scalar(store, "SELECT type FROM monitor WHERE seq = 7"));
        Assert.Equal(DBNull.Value, Scalar(store, "SELECT check_json FROM monitor WHERE seq = 7"));
        Assert.Equal(Ms(3), store.LoadLatestCheckResults()[7].Latency);
        await writer.DrainAsync();
    }

    [Fact]
    public async Task Append_CheckResults_CountAgainstTheQueueBoundLikePings()
    {
        using var store = _data.Open();
        var writer = new BatchWriter(store, WriterOptions.Default with { QueueCapacity = 2 }, Microsoft.Extensions.Logging.Abstractions.NullLogger<BatchWriter>.Instance);

        var first = writer.Append(Check(1, T0, CheckStatus.Up, Ms(1)));
        Assert.True(writer.HasRoom);
        var second = writer.Append(Check(1, T0.AddSeconds(1), CheckStatus.Up, Ms(1)));
        Assert.False(writer.HasRoom);

        writer.Start();
        await Task.WhenAll(first, second);
        Assert.True(writer.HasRoom);
        Assert.Equal(2, store.ReadCheckResults(1, null, 10).Count);
        await writer.DrainAsync();
    }

    private static CheckResult Check(long seq, DateTimeOffset at, CheckStatus status, TimeSpan latency, CheckError error = CheckError.None, string message = "", PhaseTimings? phases = null) =>
        new(Guid.Empty, seq, at, status, latency, error, message, phases);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMicroseconds(ms * 1000);

    private static long Count(SqliteStore store, string table) => (long)Scalar(store, $"SELECT count(*) FROM {table}")!;

    private static object? Scalar(SqliteStore store, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static long LatestMigration() => typeof(SqliteStore).Assembly.GetManifestResourceNames()
        .Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Max(n => long.Parse(n[(n.LastIndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture));

    private static string ReadMigration(string file)
    {
        var assembly = typeof(SqliteStore).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Migrations." + file, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    /// <summary>A command the store has no handler for: it fails the batch it is in, as any write error would.</summary>
    private sealed record UnhandledCommand : StoreCommand;
}
