using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Alerting.Dispatch;
using Vigil.Alerting.Pipeline;
using Vigil.Core.Monitors;
using Vigil.Server.Monitors;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Alerting;

/// <summary>
/// Alerts end to end on the real host (fake clock): a state change goes through the outbox, the policy and the
/// delivery worker to a webhook receiver on loopback, exactly once, or is held back with its reason recorded.
/// </summary>
public sealed class AlertPipelineTests(AlertReceiver receiver) : IClassFixture<AlertReceiver>
{
    [Fact]
    public async Task MissedHeartbeat_TellsTheChannelOnce_AndTheRecoveryOnce()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/basic");
        var monitor = await CreateMonitorAsync(host, "nightly-backup", channel);
        await host.PingAsync(monitor);

        await Advance(host, TimeSpan.FromSeconds(95)); // period 60 + grace 30
        var down = await WaitForAsync(host, "/pipeline/basic", 1, "the down alert");
        var body = JsonNode.Parse(down[0].Body)!;
        Assert.Equal("down", (string)body["kind"]!);
        Assert.Equal("nightly-backup", (string)body["monitor"]!["name"]!);

        await host.PingAsync(monitor);
        var both = await WaitForAsync(host, "/pipeline/basic", 2, "the recovery alert");
        Assert.Equal("up", (string)JsonNode.Parse(both[1].Body)!["kind"]!);
        Assert.NotEqual(both[0].Headers["Idempotency-Key"], both[1].Headers["Idempotency-Key"]);

        var alerts = await AlertsAsync(host, monitor);
        Assert.Equal(["up", "down"], alerts.Select(a => (string)a["kind"]!));
        Assert.All(alerts, a => Assert.Equal("delivered", (string)a["deliveries"]![0]!["state"]!));
        await Task.Delay(300);
        Assert.Equal(2, Received("/pipeline/basic").Count); // nothing sent twice
    }

    [Fact]
    public async Task DownInAMaintenanceWindow_IsRecordedButNotSent()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/maintenance");
        var monitor = await CreateMonitorAsync(host, "db-vacuum", channel);
        await host.PingAsync(monitor);
        using (var response = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json(new JsonObject
        {
            ["name"] = "db upgrade", ["monitors"] = new JsonArray(monitor),
            ["start"] = VigilHost.Epoch.ToString("O"), ["end"] = VigilHost.Epoch.AddHours(2).ToString("O"),
        })))
            await HttpAssert.Expect(response, 201);

        await Advance(host, TimeSpan.FromSeconds(95));
        var alert = (await Eventually.Get(() => AlertsAsync(host, monitor), a => a.Count == 1, "the held-back alert"))[0];
        Assert.Contains("maintenance window db upgrade", (string)alert["suppressed"]!);
        Assert.Empty(alert["deliveries"]!.AsArray());
        Assert.Empty(Received("/pipeline/maintenance"));
    }

    [Fact]
    public async Task StillDownWhenTheMaintenanceWindowEnds_IsToldThen()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/window-ends");
        var monitor = await CreateMonitorAsync(host, "migrated-db", channel);
        await host.PingAsync(monitor);
        using (var response = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json(new JsonObject
        {
            ["name"] = "short upgrade", ["monitors"] = new JsonArray(monitor),
            ["start"] = VigilHost.Epoch.ToString("O"), ["end"] = VigilHost.Epoch.AddMinutes(3).ToString("O"),
        })))
            await HttpAssert.Expect(response, 201);

        await Advance(host, TimeSpan.FromSeconds(95)); // down inside the window: held back
        await Eventually.Get(() => AlertsAsync(host, monitor), a => a.Count == 1, "the held-back alert");
        Assert.Empty(Received("/pipeline/window-ends"));

        await Advance(host, TimeSpan.FromMinutes(2)); // the window ends; the monitor is still down
        var told = await WaitForAsync(host, "/pipeline/window-ends", 1, "the alert after the window");
        var body = JsonNode.Parse(told[0].Body)!;
        Assert.Equal("down", (string)body["kind"]!);
        Assert.StartsWith("still down after its maintenance window or silence ended", (string)body["reason"]!);
    }

    [Fact]
    public async Task ChildOfADownParent_IsHeldBack_AndToldIfStillDownAfterTheParentRecovers()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/parent");
        var parent = await CreateMonitorAsync(host, "router", channel);
        var child = await CreateMonitorAsync(host, "app-behind-router", channel, parent: parent);
        await host.PingAsync(parent);
        await host.PingAsync(child);

        await Advance(host, TimeSpan.FromSeconds(95)); // both miss
        await Eventually.Get(() => AlertsAsync(host, child), a => a.Count == 1, "the child's held-back alert");
        var childAlert = (await AlertsAsync(host, child))[0];
        Assert.Contains("depends on router", (string)childAlert["suppressed"]!);

        await host.PingAsync(parent); // the parent recovers, the child stays down
        var received = await WaitForAsync(host, "/pipeline/parent", 3, "parent down, parent up, child down");
        var kinds = received.Select(r => JsonNode.Parse(r.Body)!).Select(b => $"{(string)b["monitor"]!["name"]!} {(string)b["kind"]!}").ToList();
        Assert.Equal(["router down", "router up", "app-behind-router down"], kinds);
    }

    [Fact]
    public async Task StormOfManyMonitorsDown_SendsTheGuardsShare_ThenOneSummary()
    {
        const int monitors = 10_000;
        await using var host = await VigilHost.StartAsync(o => o with { Alerts = o.Alerts with { StormPerMinute = 20, ChannelPerMinute = 1000 } });
        var channel = await CreateChannelAsync(host, "/pipeline/storm");
        var service = host.App.Services.GetRequiredService<MonitorService>();
        var created = await Task.WhenAll(Enumerable.Range(0, monitors).Select(i => service.CreateAsync(new MonitorDraft
        {
            Name = $"job-{i:D5}", PeriodSeconds = 60, GraceSeconds = 30, Channels = [channel],
        })));
        Assert.All(created, c => Assert.Null(c.Problem));
        foreach (var chunk in created.Chunk(500))
            await Task.WhenAll(chunk.Select(c => host.PingAsync(c.Monitor!.Id.ToString())));

        await Advance(host, TimeSpan.FromSeconds(95));
        // Every down alert recorded before the clock moves on, so all of them fall in the guard's one minute.
        var pipeline = host.App.Services.GetRequiredService<AlertPipeline>();
        await Eventually.Get(() => Task.FromResult(pipeline.AlertsRecorded), n => n >= monitors, "every down alert recorded", seconds: 120);
        await WaitForAsync(host, "/pipeline/storm", 20, "the storm guard's share");
        await Task.Delay(500);
        Assert.Equal(20, Received("/pipeline/storm").Count);

        await Advance(host, TimeSpan.FromSeconds(61)); // the minute is over: the summary goes out
        var all = await WaitForAsync(host, "/pipeline/storm", 21, "the summary", 30);
        var summary = JsonNode.Parse(all[^1].Body)!;
        Assert.Equal("summary", (string)summary["kind"]!);
        Assert.Contains($"{monitors - 20} alerts in one minute", (string)summary["reason"]!);
        await Task.Delay(300);
        Assert.Equal(21, Received("/pipeline/storm").Count);
    }

    [Fact]
    public async Task DeadlinesMissedWhileVigilWasDown_GiveOneSummary_NotAStorm()
    {
        var host = await VigilHost.StartAsync();
        try
        {
            var channel = await CreateChannelAsync(host, "/pipeline/restart");
            var ids = new List<string>();
            for (var i = 0; i < 30; i++)
                ids.Add(await CreateMonitorAsync(host, $"cron-{i}", channel));
            foreach (var id in ids)
                await host.PingAsync(id);
            await host.StopAsync();
            host.Time.Advance(TimeSpan.FromMinutes(10)); // Vigil is not running while every deadline passes
            host = await host.RestartAsync();

            var received = await WaitForAsync(host, "/pipeline/restart", 1, "the restart summary");
            await Task.Delay(500);
            Assert.Single(Received("/pipeline/restart"));
            var summary = JsonNode.Parse(received[0].Body)!;
            Assert.Equal("summary", (string)summary["kind"]!);
            Assert.StartsWith("30 monitors missed their deadline while Vigil was not running", (string)summary["reason"]!);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReceiverDownThenUp_GetsTheAlertOnce_AfterRetries()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/flaky/3");
        var monitor = await CreateMonitorAsync(host, "flaky-receiver", channel);
        await host.PingAsync(monitor);
        await Advance(host, TimeSpan.FromSeconds(95));

        // Polly waits on the host's fake clock between tries: keep moving it until the fourth try succeeds.
        var alert = await Eventually.Get(async () =>
        {
            host.Time.Advance(TimeSpan.FromSeconds(30));
            return (await AlertsAsync(host, monitor)).FirstOrDefault();
        }, a => a is not null && (string)a["deliveries"]![0]!["state"]! == "delivered", "delivery after three failures", seconds: 30);
        Assert.Equal(4, (int)alert!["deliveries"]![0]!["attempts"]!);
        var requests = Received("/pipeline/flaky/3");
        Assert.Equal(4, requests.Count);
        Assert.Single(requests.Select(r => r.Headers["Idempotency-Key"]).Distinct());
    }

    [Fact]
    public async Task Reminder_RepeatsWhileDown_AndStopsOnRecovery()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/remind");
        var monitor = await CreateMonitorAsync(host, "reminded", channel, alerts: new JsonObject { ["remind_every_minutes"] = 30 });
        await host.PingAsync(monitor);
        await Advance(host, TimeSpan.FromSeconds(95));
        await WaitForAsync(host, "/pipeline/remind", 1, "the down alert");
        await Advance(host, TimeSpan.FromMinutes(31));
        await WaitForAsync(host, "/pipeline/remind", 2, "the reminder");
        Assert.Equal("reminder", (string)JsonNode.Parse(Received("/pipeline/remind")[1].Body)!["kind"]!);
        await host.PingAsync(monitor);
        await WaitForAsync(host, "/pipeline/remind", 3, "the recovery");
        // The next spell (no ping: down again 90 s later) gets its own down alert; nothing is left of the old reminder.
        await Advance(host, TimeSpan.FromMinutes(25));
        await WaitForAsync(host, "/pipeline/remind", 4, "the next spell");
        await Task.Delay(300);
        Assert.Equal(["down", "reminder", "up", "down"], Received("/pipeline/remind").Select(r => (string)JsonNode.Parse(r.Body)!["kind"]!));
    }

    [Fact]
    public async Task Flapping_SendsOneFlappingAlert_ThenQuietUntilStable()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/flap");
        var monitor = await CreateMonitorAsync(host, "flappy", channel,
            alerts: new JsonObject { ["flapping"] = new JsonObject { ["changes"] = 4, ["window_minutes"] = 10 } });
        await host.PingAsync(monitor);
        for (var i = 0; i < 4; i++)
        {
            await host.PingAsync(monitor, "/fail");
            await host.PingAsync(monitor);
        }
        await Eventually.Get(() => AlertsAsync(host, monitor), a => a.Count >= 8, "every change recorded");
        var sent = Received("/pipeline/flap").Select(r => (string)JsonNode.Parse(r.Body)!["kind"]!).ToList();
        Assert.Equal(["down", "down", "flapping", "up"], sent.Order()); // sent at once, so they may arrive in any order

        for (var i = 0; i < 22; i++) // stable (and pinged on time) for a whole window
        {
            await Advance(host, TimeSpan.FromSeconds(30));
            await host.PingAsync(monitor);
        }
        var after = await WaitForAsync(host, "/pipeline/flap", 5, "stable again");
        var last = JsonNode.Parse(after[^1].Body)!;
        Assert.Equal("up", (string)last["kind"]!);
        Assert.Contains("stopped flapping", (string)last["reason"]!);
    }

    [Fact]
    public async Task RunRules_TellAboutShortRuns_EarlyPings_AndOverruns()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/runs");
        var monitor = await CreateMonitorAsync(host, "etl", channel, period: 3600, grace: 600, alerts: new JsonObject
        {
            ["runs"] = new JsonObject { ["min_run_seconds"] = 10, ["max_run_seconds"] = 120, ["early_tolerance_seconds"] = 300 },
        });

        await host.PingAsync(monitor, "/start");
        await Advance(host, TimeSpan.FromSeconds(2));
        await host.PingAsync(monitor); // a 2 s run: shorter than 10 s
        var shortRun = await WaitForAsync(host, "/pipeline/runs", 1, "the short-run notice");
        Assert.Contains("run finished in 2 s, shorter than the minimum of 10 s", (string)JsonNode.Parse(shortRun[0].Body)!["reason"]!);

        await Advance(host, TimeSpan.FromMinutes(1));
        await host.PingAsync(monitor); // due in an hour: 59 minutes early
        var early = await WaitForAsync(host, "/pipeline/runs", 2, "the too-early notice");
        Assert.StartsWith("pinged too early/too often", (string)JsonNode.Parse(early[1].Body)!["reason"]!);

        await host.PingAsync(monitor, "/start");
        await Advance(host, TimeSpan.FromSeconds(125)); // no finish within 120 s
        var overrun = await WaitForAsync(host, "/pipeline/runs", 3, "the overrun notice");
        var body = JsonNode.Parse(overrun[2].Body)!;
        Assert.Equal(("notice", "up"), ((string)body["kind"]!, (string)body["monitor"]!["status"]!)); // still within grace: a notice, not down
        Assert.Contains("is still running after", (string)body["reason"]!);
        await Advance(host, TimeSpan.FromSeconds(60));
        await Task.Delay(300);
        Assert.Equal(3, Received("/pipeline/runs").Count); // one notice per run
    }

    [Fact]
    public async Task FailureRateRule_SendsANotice_WithoutTakingTheMonitorDown()
    {
        await using var host = await VigilHost.StartAsync();
        var channel = await CreateChannelAsync(host, "/pipeline/rate");
        var port = VigilProcess.FreePort(); // nothing listens: every run fails
        using var created = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(new JsonObject
        {
            ["name"] = "db-port", ["type"] = "tcp", ["host"] = "127.0.0.1", ["port"] = port, ["interval_seconds"] = 10,
            ["failures_before_down"] = 100, ["channels"] = new JsonArray(channel),
            ["alerts"] = new JsonObject { ["failure_rate"] = new JsonObject { ["above_percent"] = 50, ["window_minutes"] = 5, ["min_samples"] = 3 } },
        }));
        await HttpAssert.Expect(created, 201);
        var id = (string)(await HttpAssert.ReadObject(created))["id"]!;

        for (var run = 1; run <= 3; run++)
        {
            host.Time.Advance(TimeSpan.FromSeconds(10));
            await Eventually.Get(() => host.ReadAllAsync(id, "results"), r => r.Count >= run, $"run {run}");
        }
        var breached = await WaitForAsync(host, "/pipeline/rate", 1, "the failure-rate notice");
        var body = JsonNode.Parse(breached[0].Body)!;
        Assert.Equal("notice", (string)body["kind"]!);
        Assert.Contains("failure", (string)body["reason"]!);
        var alerts = await AlertsAsync(host, id);
        Assert.Single(alerts); // a notice only: 3 failures of the 100 needed did not take it down
    }

    /// <summary>What a path received about monitors: Vigil's own alerts, should any arise, go to every channel.</summary>
    private List<ReceivedAlert> Received(string path) =>
        [.. receiver.Received(path).Where(r => (string?)JsonNode.Parse(r.Body)!["kind"] != "system")];

    /// <summary>Waits until <paramref name="path"/> received <paramref name="count"/> monitor alerts; on timeout the failure lists what Vigil recorded.</summary>
    private async Task<List<ReceivedAlert>> WaitForAsync(VigilHost host, string path, int count, string what, int seconds = 15)
    {
        var deadline = Environment.TickCount64 + seconds * 1000L;
        while (Received(path) is var received && received.Count < count)
        {
            if (Environment.TickCount64 > deadline)
            {
                using var alerts = await host.Client.GetAsync("/api/v1/alerts?limit=50");
                Assert.Fail($"timed out waiting for {what}: {received.Count} of {count} arrived at {path}; Vigil recorded {await alerts.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(10);
        }
        return Received(path);
    }

    private static async Task Advance(VigilHost host, TimeSpan by)
    {
        // Sends finish first: a channel times its send on the host's clock, so a jump mid-send would cut it off and retry it.
        var worker = host.App.Services.GetRequiredService<DeliveryWorker>();
        await Eventually.Get(() => Task.FromResult(worker.InFlight), n => n == 0, "sends in flight to finish");
        // In steps, so each timer (the sweeper, the pipeline's tick) runs at its own times.
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(1))
            host.Time.Advance(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        await Task.Delay(50);
    }

    private async Task<string> CreateChannelAsync(VigilHost host, string path)
    {
        using var response = await host.Client.PostAsync("/api/v1/channels", VigilHost.Json(new JsonObject
        {
            ["name"] = "hook" + path.Replace('/', '-'), ["type"] = "webhook", ["url"] = receiver.Url(path),
        }));
        await HttpAssert.Expect(response, 201);
        return (string)(await HttpAssert.ReadObject(response))["id"]!;
    }

    private static async Task<string> CreateMonitorAsync(VigilHost host, string name, string channel, string? parent = null, JsonObject? alerts = null,
        int period = 60, int grace = 30)
    {
        var body = new JsonObject
        {
            ["name"] = name, ["type"] = "heartbeat", ["period_seconds"] = period, ["grace_seconds"] = grace, ["channels"] = new JsonArray(channel),
        };
        if (parent is not null)
            body["parent"] = parent;
        if (alerts is not null)
            body["alerts"] = alerts;
        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));
        await HttpAssert.Expect(response, 201);
        return (string)(await HttpAssert.ReadObject(response))["id"]!;
    }

    private static async Task<List<JsonObject>> AlertsAsync(VigilHost host, string monitor)
    {
        using var response = await host.Client.GetAsync($"/api/v1/monitors/{monitor}/alerts");
        await HttpAssert.Expect(response, 200);
        return [.. (await HttpAssert.ReadObject(response))["alerts"]!.AsArray().Select(a => a!.AsObject())];
    }
}
