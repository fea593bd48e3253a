using System.Net;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Http;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Monitor_FullLifecycle_GoesUpLateDownUpWithFlipsNewestFirst()
    {
        await using var host = await VigilHost.StartAsync();
        var monitor = await host.CreateMonitorAsync("Nightly backup");
        var id = (string)monitor["id"]!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal("new", (string)monitor["status"]!);
        Assert.Equal("nightly-backup", (string)monitor["slug"]!);
        Assert.EndsWith($"/ping/{id}", (string)monitor["ping_url"]!);

        await host.PingAsync(id);
        Assert.Equal("up", await host.StatusAsync(id));

        host.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("late", await host.StatusAsync(id));

        host.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("down", await host.StatusAsync(id));

        await host.PingAsync(id);
        Assert.Equal("up", await host.StatusAsync(id));

        var flips = await host.ReadAllAsync(id, "flips");
        Assert.Equal(["down>up", "late>down", "up>late", "new>up"], flips.Select(f => $"{f["from"]}>{f["to"]}"));
        Assert.Equal("success ping", (string)flips[0]["reason"]!);
        Assert.StartsWith("no ping since", (string)flips[1]["reason"]!);
        Assert.StartsWith("no ping since", (string)flips[2]["reason"]!);
        Assert.Equal("success ping", (string)flips[3]["reason"]!);
        Assert.All(flips, f => Assert.False(string.IsNullOrEmpty((string)f["reason"]!)));
        var times = flips.Select(f => DateTimeOffset.Parse((string)f["at"]!)).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task Pause_TimePasses_NeverLateOrDownAndResumeGivesNew()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("paused job"))["id"]!;
        await host.PingAsync(id);

        using (var paused = await host.Client.PostAsync($"/api/v1/monitors/{id}/pause", null))
        {
            await HttpAssert.Expect(paused, 200);
            var view = await HttpAssert.ReadObject(paused);
            Assert.Equal("paused", (string)view["status"]!);
            Assert.True((bool)view["paused"]!);
        }

        for (var i = 0; i < 5; i++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal("paused", await host.StatusAsync(id));
        }
        // a ping while paused does not wake it
        await host.PingAsync(id);
        host.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("paused", await host.StatusAsync(id));

        using (var resumed = await host.Client.PostAsync($"/api/v1/monitors/{id}/resume", null))
        {
            await HttpAssert.Expect(resumed, 200);
            Assert.Equal("new", (string)(await HttpAssert.ReadObject(resumed))["status"]!);
        }
        host.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("new", await host.StatusAsync(id));

        var flips = await host.ReadAllAsync(id, "flips");
        Assert.Equal(["paused>new", "up>paused", "new>up"], flips.Select(f => $"{f["from"]}>{f["to"]}"));
    }

    [Fact]
    public async Task Patch_ScheduleSlugAndTags_ChangesThemAndKeepsJudging()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("report", slug: "report"))["id"]!;

        using (var toCron = await host.Client.PatchAsync($"/api/v1/monitors/{id}",
                   VigilHost.Json("""{"period_seconds": null, "cron": "0 3 * * *", "timezone": "Europe/Paris"}""")))
        {
            await HttpAssert.Expect(toCron, 200);
            var view = await HttpAssert.ReadObject(toCron);
            Assert.Equal("0 3 * * *", (string)view["cron"]!);
            Assert.Equal("Europe/Paris", (string)view["timezone"]!);
            Assert.Null(view["period_seconds"]);
        }
        var stored = await host.GetMonitorAsync(id);
        Assert.Equal("0 3 * * *", (string)stored["cron"]!);

        using (var back = await host.Client.PatchAsync($"/api/v1/monitors/{id}",
                   VigilHost.Json("""{"cron": null, "timezone": null, "period_seconds": 120}""")))
        {
            await HttpAssert.Expect(back, 200);
            var view = await HttpAssert.ReadObject(back);
            Assert.Equal(120, (long)view["period_seconds"]!);
            Assert.Null(view["cron"]);
        }

        using (var rename = await host.Client.PatchAsync($"/api/v1/monitors/{id}",
                   VigilHost.Json("""{"slug": "daily-report", "tags": ["prod", "reports"]}""")))
        {
            await HttpAssert.Expect(rename, 200);
            var view = await HttpAssert.ReadObject(rename);
            Assert.Equal("daily-report", (string)view["slug"]!);
            Assert.Equal(["prod", "reports"], view["tags"]!.AsArray().Select(t => (string)t!));
        }

        // the new period is what the engine judges by: up, then late only after 120 s
        await host.PingAsync(id);
        host.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal("up", await host.StatusAsync(id));
        host.Time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("late", await host.StatusAsync(id));

        // the old slug is free again
        var other = await host.CreateMonitorAsync("other", slug: "report");
        Assert.Equal("report", (string)other["slug"]!);

        using (var delete = await host.Client.DeleteAsync($"/api/v1/monitors/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var gone = await host.Client.GetAsync($"/api/v1/monitors/{id}"))
            await HttpAssert.ExpectProblem(gone, 404, id);
        using (var ping = await host.Anonymous.GetAsync($"/ping/{id}"))
            await HttpAssert.ExpectProblem(ping, 404);
        using (var again = await host.Client.DeleteAsync($"/api/v1/monitors/{id}"))
            await HttpAssert.ExpectProblem(again, 404);
    }

    [Fact]
    public async Task GetMonitor_IfNoneMatch_Answers304UntilAPingChangesIt()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("etag"))["id"]!;

        using var first = await host.Client.GetAsync($"/api/v1/monitors/{id}");
        await HttpAssert.Expect(first, 200);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/monitors/{id}"))
        {
            request.Headers.IfNoneMatch.Add(etag);
            using var second = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
            Assert.Equal(etag, second.Headers.ETag);
        }

        await host.PingAsync(id);

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/monitors/{id}"))
        {
            request.Headers.IfNoneMatch.Add(etag);
            using var third = await host.Client.SendAsync(request);
            await HttpAssert.Expect(third, 200);
            Assert.NotEqual(etag, third.Headers.ETag);
            Assert.Equal("up", (string)(await HttpAssert.ReadObject(third))["status"]!);
        }
    }
}
