using System.Text.Json.Nodes;
using Vigil.Server.Tests.Alerting;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Process;

/// <summary>
/// SIGKILL at the two points of the alert path where a crash could lose an alert or send it twice, on the real
/// <c>vigil serve</c> process and real time: the alert is committed but its send has not succeeded, and the state
/// change is committed but no alert was made from it yet. Either way the restart sends it exactly once.
/// </summary>
public sealed class AlertCrashTests
{
    private const string HookPath = "/crash";

    [Fact]
    public async Task Sigkill_AfterTheStateChangeBeforeTheSend_DeliversTheAlertOnceAfterRestart()
    {
        using var dir = VigilHost.TempDir();
        var port = VigilProcess.FreePort(); // nobody listens here until after the kill: every send before it fails
        // Retries an hour apart: the first, failed, try is the only one before the kill, so the count after it is exact.
        var environment = ServeEnvironment(("VIGIL_ALERTS__RETRY_INITIAL_SECONDS", "3600"), ("VIGIL_ALERTS__RETRY_MAX_SECONDS", "3600"));
        string monitor;
        JsonObject before;
        using (var vigil = await VigilProcess.ServeAsync(dir.Path, environment))
        using (var client = vigil.Client())
        {
            monitor = await CreateMonitorAsync(client, $"http://127.0.0.1:{port}{HookPath}");
            await PingAsync(client, monitor);
            before = (await Eventually.Get(() => AlertsAsync(client, monitor),
                a => a.Count == 1 && (int)Delivery(a[0])["attempts"]! >= 1, "the down alert with one failed send", seconds: 20))[0];
            var delivery = Delivery(before);
            Assert.Equal("pending", (string)delivery["state"]!);
            Assert.Contains("could not connect to the receiver", (string)delivery["last_detail"]!);
            vigil.Kill();
            Assert.True(vigil.HasExited);
        }

        var receiver = new AlertReceiver { Port = port };
        await receiver.InitializeAsync();
        try
        {
            using var restarted = await VigilProcess.ServeAsync(dir.Path, environment);
            using var client = restarted.Client();
            var received = await ReceivedOnceAsync(receiver, restarted);
            Assert.Equal((string)before["id"]!, received.Headers["Idempotency-Key"]);
            Assert.Equal("down", (string)JsonNode.Parse(received.Body)!["kind"]!);

            var after = await Eventually.Get(() => AlertsAsync(client, monitor),
                a => a.Count >= 1 && (string)Delivery(a[0])["state"]! != "pending", "the delivery recorded as done");
            var alert = Assert.Single(after); // the down alert was not made again
            Assert.Equal((string)before["id"]!, (string)alert["id"]!);
            Assert.Equal("delivered", (string)Delivery(alert)["state"]!);
            Assert.Equal((int)Delivery(before)["attempts"]! + 1, (int)Delivery(alert)["attempts"]!);
        }
        finally
        {
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sigkill_AfterTheStateChangeBeforeItsAlert_MakesAndDeliversTheAlertOnceAfterRestart()
    {
        using var dir = VigilHost.TempDir();
        var receiver = new AlertReceiver();
        await receiver.InitializeAsync();
        try
        {
            // Buffered writes let a batch fill for a second: the flip's commit wakes the pipeline, and its alert then
            // waits up to that second in the next batch. The kill lands in that window, which the test proves below.
            var environment = ServeEnvironment(("VIGIL_STORAGE__DURABILITY", "buffered"), ("VIGIL_STORAGE__FLUSH_INTERVAL_MS", "1000"));
            string monitor;
            DateTimeOffset killedAt;
            using (var vigil = await VigilProcess.ServeAsync(dir.Path, environment))
            using (var client = vigil.Client())
            {
                monitor = await CreateMonitorAsync(client, receiver.Url(HookPath));
                await PingAsync(client, monitor);
                await Eventually.Get(() => DownFlipsAsync(client, monitor), n => n == 1, "the committed down flip", seconds: 20);
                var alertsBeforeKill = await AlertsAsync(client, monitor);
                vigil.Kill();
                killedAt = DateTimeOffset.UtcNow;
                Assert.True(vigil.HasExited);
                Assert.True(alertsBeforeKill.Count == 0, "the alert was already committed when the flip became visible: the crash point was missed");
            }
            Assert.Empty(MonitorAlerts(receiver));

            using var restarted = await VigilProcess.ServeAsync(dir.Path, environment);
            using var reader = restarted.Client();
            var received = await ReceivedOnceAsync(receiver, restarted);
            Assert.Equal("down", (string)JsonNode.Parse(received.Body)!["kind"]!);

            var alerts = await Eventually.Get(() => AlertsAsync(reader, monitor),
                a => a.Count >= 1 && (string)Delivery(a[0])["state"]! != "pending", "the delivery recorded as done");
            var alert = Assert.Single(alerts);
            // Made by the restarted process from the outbox row the flip left, not by the killed one.
            Assert.True(DateTimeOffset.Parse((string)alert["created_at"]!, System.Globalization.CultureInfo.InvariantCulture) > killedAt,
                $"the alert was made at {alert["created_at"]}, before the kill at {killedAt:O}");
            Assert.Equal((string)alert["id"]!, received.Headers["Idempotency-Key"]);
            Assert.Equal("delivered", (string)Delivery(alert)["state"]!);
            Assert.Equal(1, (int)Delivery(alert)["attempts"]!);
            Assert.Equal(1, await DownFlipsAsync(reader, monitor)); // the restart did not judge the monitor down again
        }
        finally
        {
            await receiver.DisposeAsync();
        }
    }

    /// <summary>Waits (bounded) for the one monitor alert, then a while longer to be sure no second one follows.</summary>
    private static async Task<ReceivedAlert> ReceivedOnceAsync(AlertReceiver receiver, VigilProcess vigil)
    {
        var deadline = Environment.TickCount64 + 15_000;
        while (MonitorAlerts(receiver).Count == 0)
        {
            if (Environment.TickCount64 > deadline)
                Assert.Fail($"the receiver got no alert within 15 s of the restart; Vigil's output:\n{vigil.Output}");
            await Task.Delay(20);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        return Assert.Single(MonitorAlerts(receiver));
    }

    /// <summary>What the hook received about monitors: Vigil's own alerts, should any arise, go to every channel.</summary>
    private static List<ReceivedAlert> MonitorAlerts(AlertReceiver receiver) =>
        [.. receiver.Received(HookPath).Where(r => (string?)JsonNode.Parse(r.Body)!["kind"] != "system")];

    private static Dictionary<string, string> ServeEnvironment(params (string Key, string Value)[] settings)
    {
        var environment = new Dictionary<string, string> { ["VIGIL_PINGS__RATE_LIMIT"] = "0", ["VIGIL_LOGGING__LEVEL"] = "warning" };
        foreach (var (key, value) in settings)
            environment[key] = value;
        return environment;
    }

    /// <summary>A webhook channel to <paramref name="url"/> and a heartbeat on it that is down 2 s after a ping.</summary>
    private static async Task<string> CreateMonitorAsync(HttpClient client, string url)
    {
        string channel;
        using (var response = await client.PostAsync("/api/v1/channels", VigilHost.Json(new JsonObject
        {
            ["name"] = "crash-hook", ["type"] = "webhook", ["url"] = url,
        })))
        {
            await HttpAssert.Expect(response, 201);
            channel = (string)(await HttpAssert.ReadObject(response))["id"]!;
        }
        using var created = await client.PostAsync("/api/v1/monitors", VigilHost.Json(new JsonObject
        {
            ["name"] = "crash-job", ["type"] = "heartbeat", ["period_seconds"] = 1, ["grace_seconds"] = 1, ["channels"] = new JsonArray(channel),
        }));
        await HttpAssert.Expect(created, 201);
        return (string)(await HttpAssert.ReadObject(created))["id"]!;
    }

    private static async Task PingAsync(HttpClient client, string monitor)
    {
        using var response = await client.GetAsync($"/ping/{monitor}");
        await HttpAssert.Expect(response, 200);
    }

    private static async Task<int> DownFlipsAsync(HttpClient client, string monitor)
    {
        using var response = await client.GetAsync($"/api/v1/monitors/{monitor}/flips");
        await HttpAssert.Expect(response, 200);
        return (await HttpAssert.ReadObject(response))["flips"]!.AsArray().Count(f => (string)f!["to"]! == "down");
    }

    private static async Task<List<JsonObject>> AlertsAsync(HttpClient client, string monitor)
    {
        using var response = await client.GetAsync($"/api/v1/monitors/{monitor}/alerts");
        await HttpAssert.Expect(response, 200);
        return [.. (await HttpAssert.ReadObject(response))["alerts"]!.AsArray().Select(a => a!.AsObject())];
    }

    private static JsonObject Delivery(JsonObject alert) => alert["deliveries"]!.AsArray().Single()!.AsObject();
}
