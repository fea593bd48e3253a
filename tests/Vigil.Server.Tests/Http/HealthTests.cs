using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Tests.Support;
using Vigil.Storage.Writing;

namespace Vigil.Server.Tests.Http;

public sealed class HealthTests
{
    [Fact]
    public async Task Readyz_AllComponentsFine_Answers200WithEachComponent()
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Anonymous.GetAsync("/readyz");
        await HttpAssert.Expect(response, 200);
        var body = await HttpAssert.ReadObject(response);
        Assert.Equal("healthy", (string)body["status"]!);
        var checks = body["checks"]!.AsObject();
        Assert.Equal(["storage", "write_queue", "scheduler"], checks.Select(c => c.Key));
        Assert.All(checks, c => Assert.Equal("healthy", (string)c.Value!["status"]!));
        Assert.Equal(host.Options.Storage.QueueCapacity, (int)checks["write_queue"]!["capacity"]!);
    }

    [Fact]
    public async Task Readyz_WriteQueuePastItsHighWaterMark_Answers503NamingItWhileHealthzStays200()
    {
        await using var host = await VigilHost.StartAsync(o => o with { Storage = o.Storage with { QueueCapacity = 10 } });
        var id = (string)(await host.CreateMonitorAsync("stalled"))["id"]!;
        var writer = host.App.Services.GetRequiredService<BatchWriter>();
        var database = Directory.GetFiles(host.DataDir, "*.db").Single();

        // Another connection holds SQLite's write lock, so the writer cannot commit and the queue fills.
        await using var blocker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
        }
        var pings = Enumerable.Range(0, 10).Select(_ => host.Anonymous.GetAsync($"/ping/{id}")).ToList();
        await Eventually.Get(() => Task.FromResult(writer.QueueDepth), depth => depth >= 9, "the queue past 90 %");

        using (var notReady = await host.Anonymous.GetAsync("/readyz"))
        {
            await HttpAssert.Expect(notReady, 503);
            var body = await HttpAssert.ReadObject(notReady);
            Assert.Equal("unhealthy", (string)body["status"]!);
            Assert.Equal("unhealthy", (string)body["checks"]!["write_queue"]!["status"]!);
            Assert.Contains("high-water mark", (string)body["checks"]!["write_queue"]!["description"]!, StringComparison.Ordinal);
        }
        using (var live = await host.Anonymous.GetAsync("/healthz"))
            await HttpAssert.Expect(live, 200);

        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }
        foreach (var ping in pings)
            (await ping.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        using var ready = await host.Anonymous.GetAsync("/readyz");
        await HttpAssert.Expect(ready, 200);
    }
}
