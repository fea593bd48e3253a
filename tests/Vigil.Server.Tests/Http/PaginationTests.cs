using System.Text.Json.Nodes;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Http;

public sealed class PaginationTests
{
    [Fact]
    public async Task ListMonitors_LimitAndCursor_WalksAllPagesInCreationOrder()
    {
        await using var host = await VigilHost.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
            ids.Add((string)(await host.CreateMonitorAsync($"m{i}", tags: i % 2 == 0 ? ["even"] : ["odd"]))["id"]!);

        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(host, "/api/v1/monitors?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            var monitors = page["monitors"]!.AsArray();
            pageSizes.Add(monitors.Count);
            seen.AddRange(monitors.Select(m => (string)m!["id"]!));
            cursor = (string?)page["next_cursor"];
        } while (cursor is not null);

        Assert.Equal([3, 3, 1], pageSizes);
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task ListMonitors_TagAndStatusFilters_ReturnOnlyMatches()
    {
        await using var host = await VigilHost.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
            ids.Add((string)(await host.CreateMonitorAsync($"m{i}", tags: i < 4 ? ["prod"] : ["dev"]))["id"]!);
        await host.PingAsync(ids[0]);
        await host.PingAsync(ids[4]);

        var prod = await GetAsync(host, "/api/v1/monitors?tag=prod&limit=3");
        Assert.Equal(4, (int)prod["total"]!);
        Assert.Equal(ids[..3], prod["monitors"]!.AsArray().Select(m => (string)m!["id"]!));
        var rest = await GetAsync(host, $"/api/v1/monitors?tag=prod&limit=3&cursor={prod["next_cursor"]}");
        Assert.Equal([ids[3]], rest["monitors"]!.AsArray().Select(m => (string)m!["id"]!));
        Assert.Null(rest["next_cursor"]);

        var up = await GetAsync(host, "/api/v1/monitors?status=up");
        Assert.Equal([ids[0], ids[4]], up["monitors"]!.AsArray().Select(m => (string)m!["id"]!));
        var prodUp = await GetAsync(host, "/api/v1/monitors?status=up&tag=prod");
        Assert.Equal([ids[0]], prodUp["monitors"]!.AsArray().Select(m => (string)m!["id"]!));
        var none = await GetAsync(host, "/api/v1/monitors?tag=nope");
        Assert.Empty(none["monitors"]!.AsArray());
        Assert.Equal(0, (int)none["total"]!);
    }

    [Fact]
    public async Task ListPingsAndFlips_LimitAndCursor_PageNewestFirstWithoutGapsOrRepeats()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("paged"))["id"]!;
        for (var i = 0; i < 7; i++)
        {
            await host.PingAsync(id, i % 2 == 0 ? "" : "/fail");
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var pages = new List<JsonArray>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(host, $"/api/v1/monitors/{id}/pings?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            pages.Add(page["pings"]!.AsArray());
            cursor = (string?)page["next_cursor"];
        } while (cursor is not null);
        var pings = pages.SelectMany(p => p).ToList();
        Assert.Equal(7, pings.Count);
        Assert.True(pages.Count >= 3);
        var pingIds = pings.Select(p => (long)p!["id"]!).ToList();
        Assert.Equal(pingIds.OrderDescending(), pingIds);
        Assert.Equal(7, pingIds.Distinct().Count());
        Assert.Equal(["success", "fail", "success", "fail", "success", "fail", "success"], pings.Select(p => (string)p!["kind"]!).Reverse());

        // 7 alternating pings give 7 flips: new>up, then up>down / down>up in turn
        var first = await GetAsync(host, $"/api/v1/monitors/{id}/flips?limit=2");
        Assert.Equal(2, first["flips"]!.AsArray().Count);
        var all = await host.ReadAllAsync(id, "flips", limit: 2);
        Assert.Equal(7, all.Count);
        Assert.Equal("new", (string)all[^1]["from"]!);
        var flipIds = all.Select(f => (long)f["id"]!).ToList();
        Assert.Equal(flipIds.OrderDescending(), flipIds);
        Assert.Equal(first["flips"]!.AsArray().Select(f => (long)f!["id"]!), flipIds.Take(2));
    }

    private static async Task<JsonObject> GetAsync(VigilHost host, string url)
    {
        using var response = await host.Client.GetAsync(url);
        await HttpAssert.Expect(response, 200);
        return await HttpAssert.ReadObject(response);
    }
}
