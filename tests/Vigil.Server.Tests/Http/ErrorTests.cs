using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Tests.Support;
using Vigil.Storage.Writing;

namespace Vigil.Server.Tests.Http;

public sealed class ErrorTests
{
    [Theory]
    [InlineData("""{"name": 5, "period_seconds": 60}""", "name")]
    [InlineData("""{"name": "x", "period_seconds": "60"}""", "period_seconds")]
    [InlineData("""{"name": "x", "period_seconds": 1.5}""", "period_seconds")]
    [InlineData("""{"name": "x", "period_seconds": 0}""", "period_seconds")]
    [InlineData("""{"name": "x", "period_seconds": 60, "grace_seconds": -1}""", "grace_seconds")]
    [InlineData("""{"name": "x", "period_seconds": 60, "colour": "red"}""", "colour")]
    [InlineData("""{"name": "x", "period_seconds": 60, "tags": "prod"}""", "tags")]
    [InlineData("""{"name": "x", "period_seconds": 60, "paused": "yes"}""", "paused")]
    [InlineData("""{"name": "x", "cron": "61 * * * *", "timezone": "UTC"}""", "cron")]
    [InlineData("""{"name": "x", "cron": "0 3 * * *", "timezone": "Mars/Olympus"}""", "timezone")]
    [InlineData("""{"name": "x", "period_seconds": 60, "type": "smtp"}""", "type")]
    [InlineData("""[1, 2]""", "(body)")]
    [InlineData("""{"name": "x", """, "(body)")]
    [InlineData("""not json""", "(body)")]
    public async Task CreateMonitor_BadBody_Answers400ProblemNamingTheField(string body, string field)
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json(body));

        var problem = await HttpAssert.ExpectProblem(response, 400, field);
        Assert.Equal("Invalid request", (string)problem["title"]!);
        using var list = await host.Client.GetAsync("/api/v1/monitors");
        Assert.Equal(0, (int)(await HttpAssert.ReadObject(list))["total"]!);
    }

    [Fact]
    public async Task PatchMonitor_BadField_Answers400AndLeavesItUnchanged()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("patched"))["id"]!;

        using var response = await host.Client.PatchAsync($"/api/v1/monitors/{id}", VigilHost.Json("""{"period_seconds": 0}"""));

        await HttpAssert.ExpectProblem(response, 400, "period_seconds");
        Assert.Equal(60, (long)(await host.GetMonitorAsync(id))["period_seconds"]!);
    }

    [Theory]
    [InlineData("/api/v1/monitors?limit=0", "limit")]
    [InlineData("/api/v1/monitors?limit=1001", "limit")]
    [InlineData("/api/v1/monitors?limit=ten", "limit")]
    [InlineData("/api/v1/monitors?cursor=-4", "cursor")]
    [InlineData("/api/v1/monitors?cursor=abc", "cursor")]
    [InlineData("/api/v1/monitors?status=sleepy", "status")]
    public async Task ListMonitors_BadQuery_Answers400ProblemNamingTheParameter(string url, string field)
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Client.GetAsync(url);

        await HttpAssert.ExpectProblem(response, 400, field);
    }

    [Theory]
    [InlineData("pings")]
    [InlineData("flips")]
    public async Task History_BadLimitOrCursor_Answers400Problem(string what)
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("h"))["id"]!;

        using (var limit = await host.Client.GetAsync($"/api/v1/monitors/{id}/{what}?limit=-1"))
            await HttpAssert.ExpectProblem(limit, 400, "limit");
        using (var cursor = await host.Client.GetAsync($"/api/v1/monitors/{id}/{what}?cursor=x"))
            await HttpAssert.ExpectProblem(cursor, 400, "cursor");
    }

    [Fact]
    public async Task Api_NoKeyOrBadKey_Answers401Problem()
    {
        await using var host = await VigilHost.StartAsync();

        using (var none = await host.Anonymous.GetAsync("/api/v1/monitors"))
        {
            await HttpAssert.ExpectProblem(none, 401, "API key");
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        }
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/monitors") { Content = VigilHost.Json("""{"name":"x","period_seconds":60}""") })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-right-key-0000000");
            using var bad = await host.Anonymous.SendAsync(request);
            await HttpAssert.ExpectProblem(bad, 401, "not valid");
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ping-key"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
            using var basic = await host.Anonymous.SendAsync(request);
            await HttpAssert.ExpectProblem(basic, 401, "Bearer");
        }
    }

    [Fact]
    public async Task Api_ReadKeyOnWriteEndpoint_Answers403AndReadsWork()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("guarded"))["id"]!;
        using var created = await host.Client.PostAsync("/api/v1/keys", VigilHost.Json("""{"name":"r","scope":"read"}"""));
        await HttpAssert.Expect(created, 201);
        var readKey = (string)(await HttpAssert.ReadObject(created))["key"]!;
        using var reader = new HttpClient { BaseAddress = host.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", readKey);

        using (var write = await reader.PostAsync("/api/v1/monitors", VigilHost.Json("""{"name":"x","period_seconds":60}""")))
            await HttpAssert.ExpectProblem(write, 403, "write key");
        using (var delete = await reader.DeleteAsync($"/api/v1/monitors/{id}"))
            await HttpAssert.ExpectProblem(delete, 403);
        using (var pingKey = await reader.GetAsync("/api/v1/ping-key"))
            await HttpAssert.ExpectProblem(pingKey, 403);
        using (var read = await reader.GetAsync($"/api/v1/monitors/{id}"))
            await HttpAssert.Expect(read, 200);
    }

    [Fact]
    public async Task Api_UnknownMonitorOrRoute_Answers404Problem()
    {
        await using var host = await VigilHost.StartAsync();
        var unknown = Guid.NewGuid();

        using (var get = await host.Client.GetAsync($"/api/v1/monitors/{unknown}"))
            await HttpAssert.ExpectProblem(get, 404, unknown.ToString());
        using (var notId = await host.Client.GetAsync("/api/v1/monitors/not-an-id"))
            await HttpAssert.ExpectProblem(notId, 404, "not-an-id");
        using (var patch = await host.Client.PatchAsync($"/api/v1/monitors/{unknown}", VigilHost.Json("{}")))
            await HttpAssert.ExpectProblem(patch, 404);
        using (var pause = await host.Client.PostAsync($"/api/v1/monitors/{unknown}/pause", null))
            await HttpAssert.ExpectProblem(pause, 404);
        using (var pings = await host.Client.GetAsync($"/api/v1/monitors/{unknown}/pings"))
            await HttpAssert.ExpectProblem(pings, 404);
        using (var route = await host.Client.GetAsync("/api/v1/nothing-here"))
            await HttpAssert.ExpectProblem(route, 404, "not a Vigil endpoint");
    }

    [Fact]
    public async Task CreateOrRename_DuplicateSlug_Answers409Problem()
    {
        await using var host = await VigilHost.StartAsync();
        var first = (string)(await host.CreateMonitorAsync("one", slug: "taken"))["id"]!;
        var second = (string)(await host.CreateMonitorAsync("two", slug: "free"))["id"]!;

        using (var create = await host.Client.PostAsync("/api/v1/monitors", VigilHost.Json("""{"name":"three","slug":"taken","period_seconds":60}""")))
        {
            var problem = await HttpAssert.ExpectProblem(create, 409, "slug");
            Assert.Contains(first, (string)problem["detail"]!);
        }
        using (var rename = await host.Client.PatchAsync($"/api/v1/monitors/{second}", VigilHost.Json("""{"slug":"taken"}""")))
            await HttpAssert.ExpectProblem(rename, 409, "slug");
        Assert.Equal("free", (string)(await host.GetMonitorAsync(second))["slug"]!);
    }

    [Fact]
    public async Task Ping_OverRateLimit_Answers429WithRetryAfterUntilTheWindowTurns()
    {
        await using var host = await VigilHost.StartAsync(o => o with { Pings = o.Pings with { RateLimit = 3, RateLimitWindowSeconds = 10 } });
        var id = (string)(await host.CreateMonitorAsync("chatty"))["id"]!;

        for (var i = 0; i < 3; i++)
            await host.PingAsync(id);
        using (var fourth = await host.Anonymous.GetAsync($"/ping/{id}"))
        {
            await HttpAssert.ExpectProblem(fourth, 429, "more than 3 pings");
            var retry = fourth.Headers.RetryAfter?.Delta;
            Assert.NotNull(retry);
            Assert.InRange(retry!.Value.TotalSeconds, 1, 10);
        }
        Assert.Equal(3, (long)(await host.GetMonitorAsync(id))["ping_count"]!);

        host.Time.Advance(TimeSpan.FromSeconds(10));
        await host.PingAsync(id);
        Assert.Equal(4, (long)(await host.GetMonitorAsync(id))["ping_count"]!);
    }

    [Fact]
    public async Task Ping_WriteQueueFull_Answers503WithRetryAfterAndTheQueuedPingStillCommits()
    {
        await using var host = await VigilHost.StartAsync(o => o with { Storage = o.Storage with { QueueCapacity = 1 } });
        var id = (string)(await host.CreateMonitorAsync("stalled"))["id"]!;
        var writer = host.App.Services.GetRequiredService<BatchWriter>();
        var database = Path.Combine(host.DataDir, Directory.GetFiles(host.DataDir, "*.db").Select(Path.GetFileName).Single()!);

        // Another connection holds SQLite's write lock, so the writer cannot commit: the queue stays full.
        await using var blocker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            begin.ExecuteNonQuery();
        }
        var first = host.Anonymous.GetAsync($"/ping/{id}");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (writer.HasRoom && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Yield();
        Assert.False(writer.HasRoom);
        Assert.False(first.IsCompleted);

        using (var second = await host.Anonymous.GetAsync($"/ping/{id}"))
        {
            await HttpAssert.ExpectProblem(second, 503, "write queue is full");
            Assert.NotNull(second.Headers.RetryAfter);
        }
        using (var batch = await host.Anonymous.PostAsync("/api/v1/pings", VigilHost.Json($"[{{\"uuid\":\"{id}\"}}]")))
        {
            await HttpAssert.Expect(batch, 200);
            Assert.Equal(503, (int)(await HttpAssert.ReadObject(batch))["results"]![0]!["status"]!);
        }

        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }
        using var answered = await first.WaitAsync(TimeSpan.FromSeconds(30));
        await HttpAssert.Expect(answered, 200);
        Assert.Single(await host.ReadAllAsync(id, "pings"));
        Assert.Equal(1, (long)(await host.GetMonitorAsync(id))["ping_count"]!);
    }

    [Fact]
    public async Task Batch_WrongContentTypeOrShape_AnswersProblem()
    {
        await using var host = await VigilHost.StartAsync();

        using (var text = await host.Anonymous.PostAsync("/api/v1/pings", new StringContent("hello", Encoding.UTF8, "text/plain")))
            await HttpAssert.ExpectProblem(text, 415);
        using (var obj = await host.Anonymous.PostAsync("/api/v1/pings", VigilHost.Json("""{"uuid":"x"}""")))
            await HttpAssert.ExpectProblem(obj, 400, "(body)");
        using (var broken = await host.Anonymous.PostAsync("/api/v1/pings", VigilHost.Json("[{")))
            await HttpAssert.ExpectProblem(broken, 400, "not valid JSON");
    }
}
