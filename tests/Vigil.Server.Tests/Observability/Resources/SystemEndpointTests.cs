using Vigil.Server.Tests.Observability.Requests;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability.Resources;

public sealed class SystemEndpointTests
{
    [Fact]
    public async Task System_ShowsTheCurrentSample_AndKeepsOnePerInterval()
    {
        await using var host = await VigilHost.StartAsync();
        var first = await Eventually.Get(() => RequestMetricsTests.ReadAsync(host.Client, "/api/v1/system"), s => s["current"] is not null, "the first sample");
        var current = first["current"]!;
        Assert.True((long)current["working_set_bytes"]! > 0);
        Assert.True((long)current["gc_heap_bytes"]! > 0);
        Assert.True((long)current["disk_capacity_bytes"]! >= (long)current["disk_free_bytes"]!);
        Assert.True((long)current["data_dir_bytes"]! > 0, "the data dir holds the database");
        Assert.True((int)current["thread_pool_threads"]! > 0);
        Assert.Equal(Environment.ProcessorCount, (int)current["processor_count"]!);
        Assert.Equal(30, (int)first["sample_interval_seconds"]!);
        Assert.Equal(2880, (int)first["history_capacity"]!);
        Assert.Equal(0, (long)first["memory"]!["limit_bytes"]!);
        Assert.Equal(3, first["thresholds"]!.AsArray().Count);

        for (var i = 1; i <= 3; i++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(30));
            var samples = i + 1;
            await Eventually.Get(() => History(host, null), h => h.Count == samples, $"{samples} samples");
        }

        var since = VigilHost.Epoch.AddSeconds(60).ToString("O");
        var recent = await History(host, since);
        Assert.Equal(2, recent.Count);
        Assert.All(recent, at => Assert.True(at >= VigilHost.Epoch.AddSeconds(60)));
    }

    [Fact]
    public async Task System_RejectsABadSince_NamingTheField()
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/v1/system?since=yesterday");

        var problem = await HttpAssert.ExpectProblem(response, 400, "since");
        Assert.Equal("since", (string)problem["errors"]![0]!["field"]!);
    }

    private static async Task<List<DateTimeOffset>> History(VigilHost host, string? since)
    {
        var body = await RequestMetricsTests.ReadAsync(host.Client, "/api/v1/system" + (since is null ? "" : "?since=" + Uri.EscapeDataString(since)));
        return [.. body["history"]!.AsArray().Select(s => DateTimeOffset.Parse((string)s!["at"]!, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
