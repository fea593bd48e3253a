using System.Text.Json.Nodes;
using Vigil.Server.Configuration;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Http;

/// <summary>The "alerts", "channels" and "parent" fields of monitors through the real host, its SQLite file and a restart.</summary>
public sealed class MonitorAlertingTests
{
    private static async Task<JsonObject> CreateAsync(VigilHost host, JsonObject body, int expected = 201)
    {
        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));
        await HttpAssert.Expect(response, expected);
        return await HttpAssert.ReadObject(response);
    }

    private static async Task<JsonObject> PatchAsync(VigilHost host, string id, string body, int expected = 200)
    {
        using var response = await host.Client.PatchAsync($"/api/v1/monitors/{id}", VigilHost.Json(body));
        await HttpAssert.Expect(response, expected);
        return await HttpAssert.ReadObject(response);
    }

    /// <summary>Posts a body expected to be refused; returns the field names of the problem.</summary>
    private static async Task<string[]> RefusedFieldsAsync(HttpResponseMessage response)
    {
        var problem = await HttpAssert.ExpectProblem(response, 400);
        return [.. problem["errors"]!.AsArray().Select(e => (string)e!["field"]!)];
    }

    private static JsonObject Heartbeat(string name) => new() { ["name"] = name, ["period_seconds"] = 3600 };

    [Fact]
    public async Task Create_Patch_Get_AndRestart_KeepRulesChannelsAndParent()
    {
        var host = await VigilHost.StartAsync();
        try
        {
            var parent = (string)(await host.CreateMonitorAsync("Database", slug: "db"))["id"]!;
            var body = Heartbeat("Backup");
            body["alerts"] = JsonNode.Parse("""{"remind_every_minutes": 60, "flapping": {"changes": 4}, "runs": {"max_run_seconds": 7200, "early_tolerance_seconds": 300}}""");
            body["channels"] = new JsonArray("ops-mail", " pager ");
            body["parent"] = "db";
            var created = await CreateAsync(host, body);
            var id = (string)created["id"]!;

            Assert.Equal(parent, (string)created["parent"]!);
            Assert.Equal("""["ops-mail","pager"]""", created["channels"]!.ToJsonString());
            Assert.Equal(
                """{"on_down":true,"on_up":true,"remind_every_minutes":60,"flapping":{"changes":4,"window_minutes":10},"runs":{"max_run_seconds":7200,"min_run_seconds":null,"early_tolerance_seconds":300}}""",
                created["alerts"]!.ToJsonString());

            var patched = await PatchAsync(host, id, """{"alerts": {"on_up": false, "flapping": null}, "channels": ["ops-mail"]}""");
            Assert.Equal(
                """{"on_down":true,"on_up":false,"remind_every_minutes":60,"flapping":null,"runs":{"max_run_seconds":7200,"min_run_seconds":null,"early_tolerance_seconds":300}}""",
                patched["alerts"]!.ToJsonString());
            Assert.Equal("""["ops-mail"]""", patched["channels"]!.ToJsonString());
            Assert.Equal(parent, (string)patched["parent"]!); // not named: kept

            var before = await host.GetMonitorAsync(id);
            host = await host.RestartAsync();
            var after = await host.GetMonitorAsync(id);

            foreach (var field in new[] { "alerts", "channels", "parent" })
                Assert.Equal(before[field]!.ToJsonString(), after[field]!.ToJsonString());

            // The GET can be sent back unchanged.
            var resent = new JsonObject { ["alerts"] = after["alerts"]!.DeepClone(), ["channels"] = after["channels"]!.DeepClone(), ["parent"] = after["parent"]!.DeepClone() };
            Assert.Equal(after["alerts"]!.ToJsonString(), (await PatchAsync(host, id, resent.ToJsonString()))["alerts"]!.ToJsonString());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Null_RemovesRulesChannelsAndParent_AndTheFieldsAreLeftOut()
    {
        await using var host = await VigilHost.StartAsync();
        var db = (string)(await host.CreateMonitorAsync("db"))["id"]!;
        var body = Heartbeat("child");
        body["alerts"] = new JsonObject { ["on_up"] = false };
        body["channels"] = new JsonArray("ops");
        body["parent"] = db; // by id
        var id = (string)(await CreateAsync(host, body))["id"]!;

        var cleared = await PatchAsync(host, id, """{"alerts": null, "channels": null, "parent": null}""");

        Assert.False(cleared.ContainsKey("alerts")); // no rules of its own: the defaults apply
        Assert.False(cleared.ContainsKey("parent"));
        Assert.Equal("[]", cleared["channels"]!.ToJsonString());
        Assert.Equal(cleared.ToJsonString(), (await host.GetMonitorAsync(id)).ToJsonString());
    }

    [Fact]
    public async Task An_active_monitor_takes_threshold_rules()
    {
        await using var host = await VigilHost.StartAsync();
        var created = await CreateAsync(host, new JsonObject
        {
            ["name"] = "self", ["type"] = "http", ["url"] = $"{host.BaseAddress}healthz", ["interval_seconds"] = 60,
            ["alerts"] = JsonNode.Parse("""{"latency_p95": {"above_ms": 250}, "failure_rate": {"above_percent": 10, "window_minutes": 30}}"""),
        });

        Assert.Equal(
            """{"on_down":true,"on_up":true,"remind_every_minutes":0,"flapping":null,"latency_p95":{"above_ms":250,"window_minutes":5,"min_samples":5},"failure_rate":{"above_percent":10,"window_minutes":30,"min_samples":5}}""",
            created["alerts"]!.ToJsonString());
        Assert.Equal(60, (int)created["interval_seconds"]!); // the check's own fields are still there
    }

    [Theory]
    [InlineData("""{"name": "a", "period_seconds": 60, "alerts": {"latency_p95": {"above_ms": 100}}}""", "alerts.latency_p95")]
    [InlineData("""{"name": "a", "type": "tcp", "host": "127.0.0.1", "port": 1, "alerts": {"runs": {"max_run_seconds": 60}}}""", "alerts.runs")]
    [InlineData("""{"name": "a", "period_seconds": 60, "alerts": {"flapping": {"window_minutes": 0}}}""", "alerts.flapping.window_minutes")]
    [InlineData("""{"name": "a", "period_seconds": 60, "alerts": "loud"}""", "alerts")]
    [InlineData("""{"name": "a", "period_seconds": 60, "channels": "ops"}""", "channels")]
    [InlineData("""{"name": "a", "period_seconds": 60, "channels": ["ops", 7]}""", "channels[1]")]
    [InlineData("""{"name": "a", "period_seconds": 60, "channels": ["ops", ""]}""", "channels[1]")]
    [InlineData("""{"name": "a", "period_seconds": 60, "parent": 5}""", "parent")]
    [InlineData("""{"name": "a", "period_seconds": 60, "parent": "no-such-monitor"}""", "parent")]
    [InlineData("""{"name": "a", "period_seconds": 60, "parent": "0b5e7c1a-1111-4a2b-9c3d-5e6f7a8b9c0d"}""", "parent")]
    public async Task Bad_alerting_fields_are_refused_naming_the_field(string body, string field)
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));

        Assert.Equal([field], await RefusedFieldsAsync(response));
    }

    [Fact]
    public async Task Too_many_channels_are_refused()
    {
        await using var host = await VigilHost.StartAsync();
        var body = Heartbeat("a");
        body["channels"] = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)$"c{i}")]);

        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));

        Assert.Equal(["channels"], await RefusedFieldsAsync(response));
    }

    [Fact]
    public async Task A_parent_cannot_be_the_monitor_itself_or_make_a_cycle()
    {
        await using var host = await VigilHost.StartAsync();
        var a = (string)(await host.CreateMonitorAsync("a", slug: "a"))["id"]!;
        var b = await CreateAsync(host, new JsonObject { ["name"] = "b", ["period_seconds"] = 60, ["parent"] = "a" });
        var c = await CreateAsync(host, new JsonObject { ["name"] = "c", ["period_seconds"] = 60, ["parent"] = "b" });

        using (var self = await host.Client.PatchAsync($"/api/v1/monitors/{a}", VigilHost.Json("""{"parent": "a"}""")))
            await HttpAssert.ExpectProblem(self, 400, "parent: a monitor cannot be its own parent");
        using (var cycle = await host.Client.PatchAsync($"/api/v1/monitors/{a}", VigilHost.Json("""{"parent": "c"}""")))
            await HttpAssert.ExpectProblem(cycle, 400, "parent: 'c' already depends on this monitor");
        Assert.False((await host.GetMonitorAsync(a)).ContainsKey("parent")); // nothing changed

        // Moving c under a is fine, and then b may depend on c.
        await PatchAsync(host, (string)c["id"]!, """{"parent": "a"}""");
        Assert.Equal((string)c["id"]!, (string)(await PatchAsync(host, (string)b["id"]!, """{"parent": "c"}"""))["parent"]!);
    }

    [Fact]
    public async Task Config_monitors_declare_rules_channels_and_parents_in_any_order()
    {
        var options = ConfigLoader.LoadText("""
            monitors:
              - slug: report
                period_seconds: 86400
                parent: etl
                channels: [ops-mail]
                alerts:
                  on_up: false
                  runs: {min_run_seconds: 30}
              - slug: etl
                period_seconds: 3600
                parent: db
              - slug: db
                type: tcp
                host: 127.0.0.1
                port: 5432
                alerts:
                  failure_rate: {above_percent: 5}
            """, new Dictionary<string, string?>()).Options!;
        var host = await VigilHost.StartAsync(o => o with { Monitors = options.Monitors });
        try
        {
            var bySlug = await BySlugAsync(host);
            Assert.Equal((string)bySlug["etl"]["id"]!, (string)bySlug["report"]["parent"]!);
            Assert.Equal((string)bySlug["db"]["id"]!, (string)bySlug["etl"]["parent"]!);
            Assert.Equal("""["ops-mail"]""", bySlug["report"]["channels"]!.ToJsonString());
            Assert.False((bool)bySlug["report"]["alerts"]!["on_up"]!);
            Assert.Equal(30, (int)bySlug["report"]["alerts"]!["runs"]!["min_run_seconds"]!);
            Assert.Equal(5, (double)bySlug["db"]["alerts"]!["failure_rate"]!["above_percent"]!);

            // Applying the same file again after a restart changes nothing.
            var before = bySlug.ToDictionary(p => p.Key, p => Declared(p.Value));
            host = await host.RestartAsync();
            var after = await BySlugAsync(host);
            Assert.Equal(before, after.ToDictionary(p => p.Key, p => Declared(p.Value)));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public void Config_monitor_alert_errors_carry_the_item_path()
    {
        var result = ConfigLoader.LoadText("""
            monitors:
              - slug: a
                period_seconds: 60
                channels: [ops, ""]
                alerts:
                  flapping: {window_minutes: 0}
                  latency_p95: {above_ms: 5}
            """, new Dictionary<string, string?>());

        Assert.Equal(
            ["monitors[0].alerts.flapping.window_minutes", "monitors[0].alerts.latency_p95", "monitors[0].channels[1]"],
            result.Errors.Select(e => e.KeyPath).Order(StringComparer.Ordinal));
    }

    private static string Declared(JsonObject monitor) =>
        string.Join(" ", new[] { "id", "name", "alerts", "channels", "parent" }.Select(f => monitor[f]?.ToJsonString()));

    private static async Task<Dictionary<string, JsonObject>> BySlugAsync(VigilHost host)
    {
        using var response = await host.Client.GetAsync("/api/v1/monitors");
        await HttpAssert.Expect(response, 200);
        var page = await HttpAssert.ReadObject(response);
        return page["monitors"]!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => (string)m["slug"]!);
    }
}
