using System.Text;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Http;

public sealed class PingApiTests
{
    [Fact]
    public async Task Ping_GetPostHead_AllAnswerOkAndAreStored()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("methods"))["id"]!;

        using (var get = await host.Anonymous.GetAsync($"/ping/{id}"))
        {
            await HttpAssert.Expect(get, 200);
            Assert.Equal("OK", await get.Content.ReadAsStringAsync());
        }
        using (var post = await host.Anonymous.PostAsync($"/ping/{id}", new StringContent("")))
            await HttpAssert.Expect(post, 200);
        using (var head = await host.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/ping/{id}")))
            await HttpAssert.Expect(head, 200);

        var pings = await host.ReadAllAsync(id, "pings");
        Assert.Equal(["HEAD", "POST", "GET"], pings.Select(p => (string)p["method"]!));
        Assert.Equal(3, (long)(await host.GetMonitorAsync(id))["ping_count"]!);
        Assert.Equal("up", await host.StatusAsync(id));
    }

    [Theory]
    [InlineData("/ping")]
    [InlineData("/ping/")]
    [InlineData("/PING/not-a-uuid")]
    [InlineData("/ping/a/b/c/d")]
    public async Task Ping_PathWithoutMonitor_AnswersNotFoundProblem(string path)
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Anonymous.GetAsync(path);

        await HttpAssert.ExpectProblem(response, 404);
    }

    [Fact]
    public async Task Ping_StartThenSuccess_RecordsDuration()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("timed"))["id"]!;

        await host.PingAsync(id, "/start");
        Assert.NotNull((await host.GetMonitorAsync(id))["started_at"]);
        host.Time.Advance(TimeSpan.FromSeconds(12));
        await host.PingAsync(id);

        var pings = await host.ReadAllAsync(id, "pings");
        Assert.Equal(["success", "start"], pings.Select(p => (string)p["kind"]!));
        Assert.Equal(12_000, (long)pings[0]["duration_ms"]!);
        Assert.Null(pings[1]["duration_ms"]);
        Assert.Null((await host.GetMonitorAsync(id))["started_at"]);
    }

    [Fact]
    public async Task Ping_RidQuery_PairsStartAndFinishOfTheSameRun()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("runs"))["id"]!;

        await host.PingAsync(id, "/start?rid=run-a");
        host.Time.Advance(TimeSpan.FromSeconds(5));
        await host.PingAsync(id, "?rid=run-b"); // another run's finish does not close run-a
        Assert.NotNull((await host.GetMonitorAsync(id))["started_at"]);
        host.Time.Advance(TimeSpan.FromSeconds(5));
        await host.PingAsync(id, "?rid=run-a");

        var pings = await host.ReadAllAsync(id, "pings");
        Assert.Equal(["run-a", "run-b", "run-a"], pings.Select(p => (string)p["rid"]!));
        Assert.Equal(10_000, (long)pings[0]["duration_ms"]!);
        Assert.Null(pings[1]["duration_ms"]);
        Assert.Null((await host.GetMonitorAsync(id))["started_at"]);

        using var tooLong = await host.Anonymous.GetAsync($"/ping/{id}?rid={new string('x', 101)}");
        await HttpAssert.ExpectProblem(tooLong, 400, "rid");
    }

    [Fact]
    public async Task Ping_Fail_GoesDownAtOnce()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("failing"))["id"]!;
        await host.PingAsync(id);

        await host.PingAsync(id, "/fail");

        Assert.Equal("down", await host.StatusAsync(id));
        var flips = await host.ReadAllAsync(id, "flips");
        Assert.Equal("up", (string)flips[0]["from"]!);
        Assert.Equal("down", (string)flips[0]["to"]!);
        Assert.Equal("fail ping", (string)flips[0]["reason"]!);
    }

    [Fact]
    public async Task Ping_ExitStatus_ZeroIsSuccessAndNonZeroIsDownWithReason()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("exit codes"))["id"]!;

        await host.PingAsync(id, "/0");
        Assert.Equal("up", await host.StatusAsync(id));

        await host.PingAsync(id, "/3");
        Assert.Equal("down", await host.StatusAsync(id));

        var flips = await host.ReadAllAsync(id, "flips");
        Assert.Contains("exit status 3", (string)flips[0]["reason"]!);
        var pings = await host.ReadAllAsync(id, "pings");
        Assert.Equal(3, (int)pings[0]["exit_status"]!);
        Assert.Equal("fail", (string)pings[0]["kind"]!);
        Assert.Equal(0, (int)pings[1]["exit_status"]!);
        Assert.Equal("success", (string)pings[1]["kind"]!);
    }

    [Theory]
    [InlineData("256")]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task Ping_InvalidExitStatus_Answers400Problem(string suffix)
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("bad exit"))["id"]!;

        using var response = await host.Anonymous.GetAsync($"/ping/{id}/{suffix}");

        await HttpAssert.ExpectProblem(response, 400, "exit status");
        Assert.Equal("new", await host.StatusAsync(id));
        Assert.Empty(await host.ReadAllAsync(id, "pings"));
    }

    [Fact]
    public async Task Ping_UnknownUuid_Answers404Problem()
    {
        await using var host = await VigilHost.StartAsync();

        using var response = await host.Anonymous.GetAsync($"/ping/{Guid.NewGuid()}");
        await HttpAssert.ExpectProblem(response, 404);
        using var notUuid = await host.Anonymous.GetAsync("/ping/not-a-uuid");
        await HttpAssert.ExpectProblem(notUuid, 404);
    }

    [Fact]
    public async Task Ping_Log_IsStoredWithoutChangingStatus()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("logger"))["id"]!;

        await host.PingAsync(id, "/log");
        Assert.Equal("new", await host.StatusAsync(id));
        await host.PingAsync(id);
        await host.PingAsync(id, "/log");
        Assert.Equal("up", await host.StatusAsync(id));

        var pings = await host.ReadAllAsync(id, "pings");
        Assert.Equal(["log", "success", "log"], pings.Select(p => (string)p["kind"]!));
        Assert.Single(await host.ReadAllAsync(id, "flips"));
    }

    [Fact]
    public async Task Ping_PostBody_IsStored()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("with output"))["id"]!;

        using (var post = await host.Anonymous.PostAsync($"/ping/{id}/1", new StringContent("backup failed: disk full\nline 2", Encoding.UTF8, "text/plain")))
            await HttpAssert.Expect(post, 200);

        var ping = Assert.Single(await host.ReadAllAsync(id, "pings"));
        Assert.Equal("backup failed: disk full\nline 2", (string)ping["body"]!);
        Assert.False((bool)ping["body_truncated"]!);
        Assert.Equal("down", await host.StatusAsync(id));
    }

    [Fact]
    public async Task Ping_BodyOverLimit_IsStoredTruncatedAndAnswered200()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("big output"))["id"]!;
        var body = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + i % 26))) + new string('z', 60_000);

        using (var post = await host.Anonymous.PostAsync($"/ping/{id}", new StringContent(body, Encoding.UTF8, "text/plain")))
        {
            await HttpAssert.Expect(post, 200);
            Assert.Equal("OK", await post.Content.ReadAsStringAsync());
        }

        var ping = Assert.Single(await host.ReadAllAsync(id, "pings"));
        Assert.True((bool)ping["body_truncated"]!);
        var stored = (string)ping["body"]!;
        Assert.Equal(10_240, stored.Length);
        Assert.Equal(body[..10_240], stored);
        Assert.Equal("up", await host.StatusAsync(id));
    }

    [Fact]
    public async Task Ping_PingKeyAndSlug_CreateOnceThenPingsAndWrongKeyIs404()
    {
        await using var host = await VigilHost.StartAsync();
        using var keyResponse = await host.Client.GetAsync("/api/v1/ping-key");
        await HttpAssert.Expect(keyResponse, 200);
        var pingKey = (string)(await HttpAssert.ReadObject(keyResponse))["ping_key"]!;
        Assert.False(string.IsNullOrEmpty(pingKey));

        using (var missing = await host.Anonymous.GetAsync($"/ping/{pingKey}/db-backup"))
            await HttpAssert.ExpectProblem(missing, 404, "create=1");

        using (var created = await host.Anonymous.GetAsync($"/ping/{pingKey}/db-backup?create=1"))
        {
            await HttpAssert.Expect(created, 201);
            Assert.Equal("Created", await created.Content.ReadAsStringAsync());
        }
        using (var again = await host.Anonymous.GetAsync($"/ping/{pingKey}/db-backup?create=1"))
            await HttpAssert.Expect(again, 200);
        using (var plain = await host.Anonymous.GetAsync($"/ping/{pingKey}/db-backup/fail"))
            await HttpAssert.Expect(plain, 200);

        using (var list = await host.Client.GetAsync("/api/v1/monitors"))
        {
            var page = await HttpAssert.ReadObject(list);
            var monitor = Assert.Single(page["monitors"]!.AsArray())!;
            Assert.Equal("db-backup", (string)monitor["slug"]!);
            Assert.Equal(3, (long)monitor["ping_count"]!);
            Assert.Equal("down", (string)monitor["status"]!);
            Assert.Equal(86_400, (long)monitor["period_seconds"]!);
        }

        using var wrong = await host.Anonymous.GetAsync($"/ping/{new string('q', pingKey.Length)}/db-backup?create=1");
        await HttpAssert.ExpectProblem(wrong, 404);
    }
}
