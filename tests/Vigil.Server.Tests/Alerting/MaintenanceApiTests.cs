using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Alerting.Maintenance;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Alerting;

/// <summary>The maintenance and silence API on the real host: CRUD, validation, 404s, scopes, restart, and the calendar it keeps.</summary>
public sealed class MaintenanceApiTests
{
    private static async Task<JsonObject> CreateWindowAsync(VigilHost host, JsonObject body)
    {
        using var response = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json(body));
        await HttpAssert.Expect(response, 201);
        var window = await HttpAssert.ReadObject(response);
        Assert.Equal($"/api/v1/maintenance/{window["id"]}", response.Headers.Location?.ToString());
        return window;
    }

    private static MaintenanceCalendar Calendar(VigilHost host) => host.App.Services.GetRequiredService<MaintenanceCalendar>();

    [Fact]
    public async Task Crud_CreateReadPatchDelete_KeepsTheCalendarCurrent()
    {
        await using var host = await VigilHost.StartAsync();
        var db = await host.CreateMonitorAsync("db", slug: "db", tags: ["data"]);
        var web = await host.CreateMonitorAsync("web", slug: "web", tags: ["front"]);
        var dbId = Guid.Parse((string)db["id"]!);
        var webId = Guid.Parse((string)web["id"]!);
        var start = VigilHost.Epoch.AddHours(1);

        var created = await CreateWindowAsync(host, new JsonObject
        {
            ["name"] = "db upgrade", ["monitors"] = new JsonArray("db"),
            ["start"] = start.ToString("O"), ["end"] = start.AddHours(2).ToString("O"),
        });

        var id = (string)created["id"]!;
        Assert.Equal(dbId.ToString(), (string)created["monitors"]![0]!); // the slug was resolved to the monitor's id
        Assert.False((bool)created["all"]!);
        Assert.Equal(VigilHost.Epoch, DateTimeOffset.Parse((string)created["created_at"]!));
        Assert.Null(created["cron"]);
        Assert.True(Calendar(host).Covers(dbId, [], start.AddMinutes(30), out var covering));
        Assert.Equal("db upgrade", covering!.Name);
        Assert.False(Calendar(host).Covers(webId, ["front"], start.AddMinutes(30), out _));

        using (var get = await host.Client.GetAsync($"/api/v1/maintenance/{id}"))
        {
            await HttpAssert.Expect(get, 200);
            Assert.Equal(created.ToJsonString(), (await HttpAssert.ReadObject(get)).ToJsonString());
        }

        host.Time.Advance(TimeSpan.FromMinutes(5));
        using (var patch = await host.Client.PatchAsync($"/api/v1/maintenance/{id}", VigilHost.Json(
                   """{"tags": ["front"], "monitors": null, "cron": "0 22 * * *", "duration_minutes": 120, "timezone": "Europe/Berlin"}""")))
        {
            await HttpAssert.Expect(patch, 200);
            var patched = await HttpAssert.ReadObject(patch);
            Assert.Equal("db upgrade", (string)patched["name"]!);
            Assert.Empty(patched["monitors"]!.AsArray());
            Assert.Equal("0 22 * * *", (string)patched["cron"]!);
            Assert.Null(patched["start"]); // giving cron switched the window from one-off to recurring
            Assert.Equal(VigilHost.Epoch.AddMinutes(5), DateTimeOffset.Parse((string)patched["updated_at"]!));
        }
        // 22:00 Berlin in January is 21:00 UTC
        Assert.True(Calendar(host).Covers(webId, ["front"], VigilHost.Epoch.Date.AddHours(21).AddMinutes(30), out _));
        Assert.False(Calendar(host).Covers(dbId, ["data"], start.AddMinutes(30), out _));

        using (var list = await host.Client.GetAsync("/api/v1/maintenance"))
        {
            await HttpAssert.Expect(list, 200);
            Assert.Equal(id, (string)Assert.Single((await HttpAssert.ReadObject(list))["windows"]!.AsArray())!["id"]!);
        }

        using (var delete = await host.Client.DeleteAsync($"/api/v1/maintenance/{id}"))
            await HttpAssert.Expect(delete, 204);
        Assert.Empty(Calendar(host).Windows);
        using (var again = await host.Client.DeleteAsync($"/api/v1/maintenance/{id}"))
            await HttpAssert.ExpectProblem(again, 404, id);
        using (var gone = await host.Client.GetAsync($"/api/v1/maintenance/{id}"))
            await HttpAssert.ExpectProblem(gone, 404);
    }

    [Fact]
    public async Task Create_BadFields_ProblemNamesEachField()
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json(
            """{"name": "", "monitors": ["no-such-monitor"], "cron": "0 25 * * *", "duration_minutes": 0, "timezone": "Nowhere/City", "colour": 1}"""));

        var problem = await HttpAssert.ExpectProblem(response, 400);
        var fields = problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).ToHashSet();
        Assert.Equal(new HashSet<string> { "name", "monitors[0]", "cron", "duration_minutes", "timezone", "colour" }, fields);

        using (var notJson = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json("{")))
            await HttpAssert.ExpectProblem(notJson, 400, "(body)");
        using (var array = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json("[]")))
            await HttpAssert.ExpectProblem(array, 400, "(body)");
        using (var backwards = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json(
                   """{"name": "w", "all": true, "start": "2026-01-05T14:00:00Z", "end": "2026-01-05T13:00:00Z"}""")))
            await HttpAssert.ExpectProblem(backwards, 400, "end: must be after start");
    }

    [Fact]
    public async Task Create_NameTaken_Answers409AndPatchOfUnknownAnswers404()
    {
        await using var host = await VigilHost.StartAsync();
        var body = """{"name": "weekly", "all": true, "cron": "0 3 * * 0", "duration_minutes": 60}""";
        using (var first = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json(body)))
            await HttpAssert.Expect(first, 201);

        using (var second = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json(body)))
            await HttpAssert.ExpectProblem(second, 409, "name: 'weekly' is already the name");
        using (var unknown = await host.Client.PatchAsync($"/api/v1/maintenance/{Guid.NewGuid()}", VigilHost.Json("""{"name": "x"}""")))
            await HttpAssert.ExpectProblem(unknown, 404, "no maintenance window");
        using (var notAnId = await host.Client.GetAsync("/api/v1/maintenance/not-an-id/periods"))
            await HttpAssert.ExpectProblem(notAnId, 404);
    }

    [Fact]
    public async Task Periods_OfWindowAndOfMonitor_ExpandClipAndValidateTheRange()
    {
        await using var host = await VigilHost.StartAsync();
        var monitor = await host.CreateMonitorAsync("batch", slug: "batch", tags: ["jobs"]);
        var window = await CreateWindowAsync(host, new JsonObject
        {
            ["name"] = "nightly", ["tags"] = new JsonArray("jobs"), ["cron"] = "0 23 * * *", ["duration_minutes"] = 180, ["timezone"] = "Europe/Berlin",
        });

        using (var response = await host.Client.GetAsync($"/api/v1/maintenance/{window["id"]}/periods?from=2026-01-10T00:00:00Z&to=2026-01-12T00:00:00Z"))
        {
            await HttpAssert.Expect(response, 200);
            var list = await HttpAssert.ReadObject(response);
            var periods = list["periods"]!.AsArray();
            Assert.Equal(3, periods.Count);
            Assert.Equal(DateTimeOffset.Parse("2026-01-10T00:00:00Z"), DateTimeOffset.Parse((string)periods[0]!["start"]!)); // clipped
            Assert.Equal(DateTimeOffset.Parse("2026-01-10T01:00:00Z"), DateTimeOffset.Parse((string)periods[0]!["end"]!));
            Assert.Equal(DateTimeOffset.Parse("2026-01-10T22:00:00Z"), DateTimeOffset.Parse((string)periods[1]!["start"]!)); // 23:00 CET, crossing midnight
            Assert.Equal(DateTimeOffset.Parse("2026-01-11T01:00:00Z"), DateTimeOffset.Parse((string)periods[1]!["end"]!));
            Assert.Equal("nightly", (string)periods[2]!["window_name"]!);
            Assert.Equal((1 + 3 + 2) * 3600.0, (double)list["covered_seconds"]!);
            Assert.False((bool)list["truncated"]!);
        }

        // By slug, default range: the 30 days before now (the fake clock's 2026-01-05 12:00) hold 30 nights.
        using (var response = await host.Client.GetAsync("/api/v1/monitors/batch/maintenance"))
        {
            await HttpAssert.Expect(response, 200);
            var list = await HttpAssert.ReadObject(response);
            Assert.Equal(VigilHost.Epoch, DateTimeOffset.Parse((string)list["to"]!));
            Assert.Equal(VigilHost.Epoch.AddDays(-30), DateTimeOffset.Parse((string)list["from"]!));
            Assert.Equal(30, list["periods"]!.AsArray().Count);
        }
        using (var response = await host.Client.GetAsync($"/api/v1/monitors/{monitor["id"]}/maintenance?from=2026-01-01T00:00:00Z&to=2027-03-01T00:00:00Z"))
            await HttpAssert.ExpectProblem(response, 400, "at most 400 days");
        using (var response = await host.Client.GetAsync($"/api/v1/monitors/{monitor["id"]}/maintenance?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"))
            await HttpAssert.ExpectProblem(response, 400, "from: must be before to");
        using (var response = await host.Client.GetAsync($"/api/v1/monitors/{monitor["id"]}/maintenance?from=yesterday"))
            await HttpAssert.ExpectProblem(response, 400, "from:");
        using (var response = await host.Client.GetAsync($"/api/v1/monitors/{monitor["id"]}/maintenance?to=0001-01-02T00:00:00Z"))
            await HttpAssert.ExpectProblem(response, 400, "to: must be a time between the years 1970 and 9000");
        using (var response = await host.Client.GetAsync($"/api/v1/monitors/{Guid.NewGuid()}/maintenance"))
            await HttpAssert.ExpectProblem(response, 404, "no monitor");
    }

    [Fact]
    public async Task Periods_DenseWindowOverMaxRange_IsCappedAndSaysSo()
    {
        await using var host = await VigilHost.StartAsync();
        var window = await CreateWindowAsync(host, new JsonObject
        {
            ["name"] = "dense", ["all"] = true, ["cron"] = "*/2 * * * *", ["duration_minutes"] = 1,
        });

        using var response = await host.Client.GetAsync($"/api/v1/maintenance/{window["id"]}/periods?from=2025-01-01T00:00:00Z&to=2026-02-01T00:00:00Z");

        await HttpAssert.Expect(response, 200);
        var list = await HttpAssert.ReadObject(response);
        Assert.True((bool)list["truncated"]!);
        Assert.Equal(MaintenanceCalendar.MaxPeriods, list["periods"]!.AsArray().Count);
    }

    [Fact]
    public async Task Silence_PutGetDelete_ByIdOrSlug_AndExpires()
    {
        await using var host = await VigilHost.StartAsync();
        var monitor = await host.CreateMonitorAsync("noisy", slug: "noisy");
        var id = Guid.Parse((string)monitor["id"]!);

        using (var none = await host.Client.GetAsync("/api/v1/monitors/noisy/silence"))
            await HttpAssert.ExpectProblem(none, 404, "not silenced");
        using (var put = await host.Client.PutAsync("/api/v1/monitors/noisy/silence", VigilHost.Json("""{"minutes": 60, "reason": "deploying"}""")))
        {
            await HttpAssert.Expect(put, 200);
            var silence = await HttpAssert.ReadObject(put);
            Assert.Equal(VigilHost.Epoch.AddHours(1), DateTimeOffset.Parse((string)silence["until"]!));
            Assert.Equal("deploying", (string)silence["reason"]!);
            Assert.Equal(id.ToString(), (string)silence["monitor_id"]!);
        }
        Assert.Equal(VigilHost.Epoch.AddHours(1), Calendar(host).SilencedUntil(id, VigilHost.Epoch));
        Assert.Equal(VigilHost.Epoch.AddHours(1), DateTimeOffset.Parse((string)(await host.GetMonitorAsync(id.ToString()))["silenced_until"]!));
        using (var get = await host.Client.GetAsync($"/api/v1/monitors/{id}/silence"))
            await HttpAssert.Expect(get, 200);

        host.Time.Advance(TimeSpan.FromMinutes(61)); // past the end; the minute sweep runs on the fake clock too
        using (var expired = await host.Client.GetAsync($"/api/v1/monitors/{id}/silence"))
            await HttpAssert.ExpectProblem(expired, 404, "not silenced");
        await Eventually.Get(() => Task.FromResult(Calendar(host).Silences.Count), count => count == 0, "the sweep to drop the expired silence");

        using (var again = await host.Client.PutAsync($"/api/v1/monitors/{id}/silence", VigilHost.Json("""{"minutes": 5}""")))
            await HttpAssert.Expect(again, 200);
        using (var delete = await host.Client.DeleteAsync("/api/v1/monitors/noisy/silence"))
            await HttpAssert.Expect(delete, 204);
        Assert.False(Calendar(host).IsSilenced(id, host.Time.GetUtcNow(), out _));
        using (var deleteAgain = await host.Client.DeleteAsync("/api/v1/monitors/noisy/silence"))
            await HttpAssert.ExpectProblem(deleteAgain, 404);
    }

    [Fact]
    public async Task Silence_BadBodyOrUnknownMonitor_AnswersProblem()
    {
        await using var host = await VigilHost.StartAsync();
        await host.CreateMonitorAsync("m", slug: "m");

        using (var response = await host.Client.PutAsync("/api/v1/monitors/m/silence", VigilHost.Json("""{"minutes": 44641, "reason": 3}""")))
        {
            var problem = await HttpAssert.ExpectProblem(response, 400);
            Assert.Equal(["minutes", "reason"], problem["errors"]!.AsArray().Select(e => (string)e!["field"]!).Order());
        }
        using (var response = await host.Client.PutAsync("/api/v1/monitors/m/silence", VigilHost.Json("{}")))
            await HttpAssert.ExpectProblem(response, 400, "minutes: is required");
        using (var response = await host.Client.PutAsync("/api/v1/monitors/nope/silence", VigilHost.Json("""{"minutes": 5}""")))
            await HttpAssert.ExpectProblem(response, 404, "no monitor has the id or slug 'nope'");
    }

    [Fact]
    public async Task Scopes_ReadKeyReadsButCannotChange_NoKeyIsRefused()
    {
        await using var host = await VigilHost.StartAsync();
        await host.CreateMonitorAsync("m", slug: "m");
        var window = await CreateWindowAsync(host, new JsonObject { ["name"] = "w", ["all"] = true, ["cron"] = "0 3 * * *", ["duration_minutes"] = 30 });
        using var created = await host.Client.PostAsync("/api/v1/keys", VigilHost.Json("""{"name":"r","scope":"read"}"""));
        await HttpAssert.Expect(created, 201);
        using var reader = new HttpClient { BaseAddress = host.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)(await HttpAssert.ReadObject(created))["key"]!);
        var id = (string)window["id"]!;

        foreach (var path in new[] { "/api/v1/maintenance", $"/api/v1/maintenance/{id}", $"/api/v1/maintenance/{id}/periods", "/api/v1/monitors/m/maintenance" })
        {
            using var read = await reader.GetAsync(path);
            await HttpAssert.Expect(read, 200);
            using var anonymous = await host.Anonymous.GetAsync(path);
            await HttpAssert.ExpectProblem(anonymous, 401);
        }
        using (var response = await reader.PostAsync("/api/v1/maintenance", VigilHost.Json("{}")))
            await HttpAssert.ExpectProblem(response, 403, "write key");
        using (var response = await reader.PatchAsync($"/api/v1/maintenance/{id}", VigilHost.Json("{}")))
            await HttpAssert.ExpectProblem(response, 403);
        using (var response = await reader.DeleteAsync($"/api/v1/maintenance/{id}"))
            await HttpAssert.ExpectProblem(response, 403);
        using (var response = await reader.PutAsync("/api/v1/monitors/m/silence", VigilHost.Json("""{"minutes": 5}""")))
            await HttpAssert.ExpectProblem(response, 403);
        using (var response = await reader.DeleteAsync("/api/v1/monitors/m/silence"))
            await HttpAssert.ExpectProblem(response, 403);
        using (var response = await reader.GetAsync("/api/v1/monitors/m/silence"))
            await HttpAssert.ExpectProblem(response, 404, "not silenced"); // reading is allowed; there is just nothing to read
    }

    [Fact]
    public async Task Restart_WindowsAndSilencesSurvive_ExpiredAndDeletedMonitorsSilencesDoNot()
    {
        var host = await VigilHost.StartAsync();
        try
        {
            var kept = Guid.Parse((string)(await host.CreateMonitorAsync("kept", slug: "kept"))["id"]!);
            var shortLived = Guid.Parse((string)(await host.CreateMonitorAsync("short", slug: "short"))["id"]!);
            var deleted = (string)(await host.CreateMonitorAsync("deleted", slug: "deleted"))["id"]!;
            var oneOff = await CreateWindowAsync(host, new JsonObject
            {
                ["name"] = "one-off", ["monitors"] = new JsonArray("kept", deleted),
                ["start"] = "2026-01-06T00:00:00Z", ["end"] = "2026-01-06T06:00:00Z",
            });
            var recurring = await CreateWindowAsync(host, new JsonObject
            {
                ["name"] = "sundays", ["tags"] = new JsonArray("prod"), ["cron"] = "30 2 * * 0", ["duration_minutes"] = 90, ["timezone"] = "America/New_York",
            });
            foreach (var (monitor, minutes) in new[] { ("kept", 600), ("short", 10), (deleted, 600) })
                using (var put = await host.Client.PutAsync($"/api/v1/monitors/{monitor}/silence", VigilHost.Json(new JsonObject { ["minutes"] = minutes, ["reason"] = "r" })))
                    await HttpAssert.Expect(put, 200);
            using (var delete = await host.Client.DeleteAsync($"/api/v1/monitors/{deleted}"))
                await HttpAssert.Expect(delete, 204);

            await host.StopAsync();
            host.Time.Advance(TimeSpan.FromMinutes(30)); // the 10-minute silence ends while the server is down
            host = await host.RestartAsync();

            foreach (var window in new[] { oneOff, recurring })
            {
                using var get = await host.Client.GetAsync($"/api/v1/maintenance/{window["id"]}");
                await HttpAssert.Expect(get, 200);
                Assert.Equal(window.ToJsonString(), (await HttpAssert.ReadObject(get)).ToJsonString());
            }
            // the deleted monitor's id stays in the window (it matches nothing), and a PATCH of another field still works
            using (var patch = await host.Client.PatchAsync($"/api/v1/maintenance/{oneOff["id"]}", VigilHost.Json("""{"name": "one-off, renamed"}""")))
                await HttpAssert.Expect(patch, 200);
            var calendar = Calendar(host);
            Assert.True(calendar.Covers(kept, [], DateTimeOffset.Parse("2026-01-06T01:00:00Z"), out _));
            Assert.True(calendar.IsSilenced(kept, host.Time.GetUtcNow(), out var silence));
            Assert.Equal(VigilHost.Epoch.AddMinutes(600), silence!.Until);
            Assert.False(calendar.IsSilenced(shortLived, host.Time.GetUtcNow(), out _));
            Assert.Equal([kept], calendar.Silences.Select(s => s.MonitorId)); // start-up swept the expired one; the trigger took the deleted one's

            host = await host.RestartAsync();
            Assert.Equal([kept], Calendar(host).Silences.Select(s => s.MonitorId)); // and storage agrees
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
