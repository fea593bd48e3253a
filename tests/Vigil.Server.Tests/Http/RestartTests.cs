using System.Text.Json.Nodes;
using Vigil.Server.Tests.Support;
using Vigil.Storage.Writing;

namespace Vigil.Server.Tests.Http;

public sealed class RestartTests
{
    private static readonly string[] Kept = ["id", "name", "slug", "tags", "period_seconds", "grace_seconds", "paused", "status", "status_changed_at", "last_ping_at", "last_success_at", "ping_count", "created_at"];

    [Fact]
    public async Task Restart_SameDataDir_MonitorsStatusesPingsAndFlipsSurvive()
    {
        var host = await VigilHost.StartAsync();
        try
        {
            var hourly = (string)(await host.CreateMonitorAsync("hourly", period: 3600, grace: 600, tags: ["prod"]))["id"]!;
            var failing = (string)(await host.CreateMonitorAsync("failing", period: 3600, grace: 600))["id"]!;
            var paused = (string)(await host.CreateMonitorAsync("paused", period: 60, grace: 30))["id"]!;
            var fresh = (string)(await host.CreateMonitorAsync("fresh"))["id"]!;
            await host.PingAsync(hourly, "/start");
            host.Time.Advance(TimeSpan.FromSeconds(3));
            await host.PingAsync(hourly);
            await host.PingAsync(failing);
            await host.PingAsync(failing, "/2");
            await host.PingAsync(paused);
            using (var pause = await host.Client.PostAsync($"/api/v1/monitors/{paused}/pause", null))
                await HttpAssert.Expect(pause, 200);
            string[] ids = [hourly, failing, paused, fresh];
            var before = await SnapshotAsync(host, ids);

            host.Time.Advance(TimeSpan.FromMinutes(5)); // while stopped: nothing is due yet for any of them
            host = await host.RestartAsync();

            var after = await SnapshotAsync(host, ids);
            foreach (var id in ids)
                Assert.Equal(before[id].ToJsonString(), after[id].ToJsonString());
            Assert.Equal("up", (string)after[hourly]["monitor"]!["status"]!);
            Assert.Equal("down", (string)after[failing]["monitor"]!["status"]!);
            Assert.Equal("paused", (string)after[paused]["monitor"]!["status"]!);
            Assert.Equal("new", (string)after[fresh]["monitor"]!["status"]!);
            Assert.Equal(3000, (long)after[hourly]["pings"]![0]!["duration_ms"]!);

            // and it keeps working: the restarted host judges and records as before
            await host.PingAsync(failing);
            Assert.Equal("up", await host.StatusAsync(failing));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restart_DeadlinePassedWhileStopped_ComesBackDownWithMissedReason()
    {
        var host = await VigilHost.StartAsync();
        try
        {
            var missed = (string)(await host.CreateMonitorAsync("missed", period: 60, grace: 30))["id"]!;
            var onTime = (string)(await host.CreateMonitorAsync("on time", period: 3600, grace: 600))["id"]!;
            await host.PingAsync(missed);
            await host.PingAsync(onTime);
            var onTimeFlips = await host.ReadAllAsync(onTime, "flips");
            var missedFlips = await host.ReadAllAsync(missed, "flips");

            await host.StopAsync();
            host.Time.Advance(TimeSpan.FromSeconds(120)); // past 60 s + 30 s grace for one, not for the other
            host = await host.RestartAsync();

            Assert.Equal("down", await host.StatusAsync(missed));
            Assert.Equal("up", await host.StatusAsync(onTime));
            // a committed write after start-up: the start-up flip queued before it is committed too
            await host.CreateMonitorAsync("barrier");
            var flips = await host.ReadAllAsync(missed, "flips");
            Assert.Equal(missedFlips.Count + 1, flips.Count);
            Assert.Equal("up", (string)flips[0]["from"]!);
            Assert.Equal("down", (string)flips[0]["to"]!);
            Assert.StartsWith("missed while Vigil was down", (string)flips[0]["reason"]!);
            Assert.Equal(VigilHost.Epoch.AddSeconds(120), DateTimeOffset.Parse((string)flips[0]["at"]!));
            Assert.Equal(
                new JsonArray([.. onTimeFlips.Select(f => f.DeepClone())]).ToJsonString(),
                new JsonArray([.. (await host.ReadAllAsync(onTime, "flips")).Select(f => f.DeepClone())]).ToJsonString());

            // the restarted sweeper still runs on the same clock
            host.Time.Advance(TimeSpan.FromSeconds(3600 + 1));
            Assert.Equal("late", await host.StatusAsync(onTime));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(Durability.Commit)]
    [InlineData(Durability.Buffered)]
    public async Task GracefulStop_EitherDurability_KeepsEveryAcknowledgedPing(Durability durability)
    {
        var host = await VigilHost.StartAsync(o => o with { Storage = o.Storage with { Durability = durability } });
        try
        {
            var ids = new List<string>();
            for (var i = 0; i < 4; i++)
                ids.Add((string)(await host.CreateMonitorAsync($"d{i}"))["id"]!);
            var acknowledged = new int[ids.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, token) =>
            {
                var which = n % ids.Count;
                using var response = await host.Anonymous.GetAsync($"/ping/{ids[which]}" + (n % 5 == 0 ? "/log" : ""), token);
                if ((int)response.StatusCode == 200)
                    Interlocked.Increment(ref acknowledged[which]);
            });
            Assert.Equal(200, acknowledged.Sum());

            host = await host.RestartAsync();

            for (var i = 0; i < ids.Count; i++)
            {
                Assert.Equal(acknowledged[i], (long)(await host.GetMonitorAsync(ids[i]))["ping_count"]!);
                Assert.Equal(acknowledged[i], (await host.ReadAllAsync(ids[i], "pings", limit: 17)).Count);
                Assert.Equal("up", await host.StatusAsync(ids[i]));
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<Dictionary<string, JsonObject>> SnapshotAsync(VigilHost host, string[] ids)
    {
        var snapshot = new Dictionary<string, JsonObject>();
        foreach (var id in ids)
        {
            var monitor = await host.GetMonitorAsync(id);
            var kept = new JsonObject();
            foreach (var key in Kept)
                kept[key] = monitor[key]?.DeepClone();
            snapshot[id] = new JsonObject
            {
                ["monitor"] = kept,
                ["pings"] = new JsonArray([.. (await host.ReadAllAsync(id, "pings")).Select(p => p.DeepClone())]),
                ["flips"] = new JsonArray([.. (await host.ReadAllAsync(id, "flips")).Select(f => f.DeepClone())]),
            };
        }
        return snapshot;
    }
}
