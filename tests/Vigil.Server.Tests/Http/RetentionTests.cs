using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Http;

public sealed class RetentionTests
{
    [Fact]
    public async Task Retention_PingsOlderThanRetention_DeletedOnTheNextPassAndCounted()
    {
        await using var host = await VigilHost.StartAsync(o => o with
        {
            Storage = o.Storage with { RetentionDays = 1, RetentionIntervalMinutes = 60 },
        });
        var id = (string)(await host.CreateMonitorAsync("history", period: 86_400, grace: 86_400))["id"]!;
        await host.PingAsync(id);
        await host.PingAsync(id, "/log");
        host.Time.Advance(TimeSpan.FromHours(25));
        await host.PingAsync(id);

        host.Time.Advance(TimeSpan.FromMinutes(60)); // the retention timer's next pass
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((long)(await host.GetMonitorAsync(id))["ping_count"]! != 1 && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20);

        Assert.Equal(1, (long)(await host.GetMonitorAsync(id))["ping_count"]!);
        var kept = Assert.Single(await host.ReadAllAsync(id, "pings"));
        Assert.Equal(VigilHost.Epoch.AddHours(25), DateTimeOffset.Parse((string)kept["at"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Retention_CheckResultsOlderThanTheirRetention_DeletedOnTheNextPass()
    {
        await using var host = await VigilHost.StartAsync(o => o with
        {
            Storage = o.Storage with { RetentionIntervalMinutes = 60 },
            Checks = o.Checks with { ResultRetentionDays = 1, RollupFlushSeconds = 0, TickMs = 1000 }, // coarse ticks: the clock jumps days
        });
        using var created = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(
            """{"name": "self", "type": "http", "url": "__URL__", "interval_seconds": 86400}""".Replace("__URL__", $"{host.BaseAddress}healthz", StringComparison.Ordinal)));
        await HttpAssert.Expect(created, 201);
        var id = (string)(await HttpAssert.ReadObject(created))["id"]!;

        host.Time.Advance(TimeSpan.FromDays(1)); // the first run, at the monitor's phase within the day
        var first = (await Eventually.Get(() => host.ReadAllAsync(id, "results"), r => r.Count == 1, "the first result stored"))[0];
        host.Time.Advance(TimeSpan.FromHours(25)); // one or two more runs; the first is now more than a day old
        // Retention passes ran during that jump, possibly before the clock got there; one more tick after it makes
        // sure a pass sees the final time.
        host.Time.Advance(TimeSpan.FromMinutes(60));

        var cutoff = host.Time.GetUtcNow().AddDays(-1);
        var kept = await Eventually.Get(() => host.ReadAllAsync(id, "results"),
            r => r.Count >= 1 && r.All(x => DateTimeOffset.Parse((string)x["at"]!, System.Globalization.CultureInfo.InvariantCulture) >= cutoff),
            "only results younger than a day");
        Assert.DoesNotContain(kept, r => (long)r["id"]! == (long)first["id"]!);
    }
}
