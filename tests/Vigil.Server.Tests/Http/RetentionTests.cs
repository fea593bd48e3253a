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
}
