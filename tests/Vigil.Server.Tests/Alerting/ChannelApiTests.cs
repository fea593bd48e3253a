using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Alerting;

/// <summary><c>/api/v1/channels</c> against the real host, with a real HTTP receiver on loopback.</summary>
public sealed class ChannelApiTests(AlertReceiver receiver) : IClassFixture<AlertReceiver>
{
    internal const string Secret = "hook-Secret-0123456789";

    internal static async Task<JsonObject> CreateAsync(VigilHost host, JsonObject body)
    {
        using var response = await host.Client.PostAsync("/api/v1/channels", VigilHost.Json(body));
        await HttpAssert.Expect(response, 201);
        var view = await HttpAssert.ReadObject(response);
        Assert.Equal($"/api/v1/channels/{view["id"]}", response.Headers.Location?.ToString());
        return view;
    }

    internal static async Task<JsonObject> TestAsync(VigilHost host, string idOrName, int expected = 200)
    {
        using var response = await host.Client.PostAsync($"/api/v1/channels/{Uri.EscapeDataString(idOrName)}/test", null);
        await HttpAssert.Expect(response, expected);
        return await HttpAssert.ReadObject(response);
    }

    /// <summary>Recomputed as a receiver would, from the documented scheme.</summary>
    internal static void AssertSigned(ReceivedAlert request, string secret)
    {
        var timestamp = request.Headers["X-Vigil-Timestamp"];
        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)), request.Headers["X-Vigil-Signature"]);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Create_list_read_edit_and_delete_a_channel()
    {
        await using var host = await VigilHost.StartAsync();

        var created = await CreateAsync(host, new JsonObject
        {
            ["name"] = "Ops hook", ["type"] = "webhook", ["url"] = receiver.Url("/crud/hook"), ["secret"] = Secret, ["timeout_seconds"] = 5,
        });
        var id = (string)created["id"]!;
        Assert.Equal(("Ops hook", "webhook", 5), ((string)created["name"]!, (string)created["type"]!, (int)created["timeout_seconds"]!));
        Assert.Equal($"{receiver.BaseUrl.Scheme}://{receiver.BaseUrl.Authority}/…", (string)created["url"]!);
        Assert.Equal("(set)", (string)created["secret"]!);
        Assert.Equal(VigilHost.Epoch, created["created_at"]!.GetValue<DateTimeOffset>());

        using (var list = await host.Client.GetAsync("/api/v1/channels"))
        {
            await HttpAssert.Expect(list, 200);
            var page = await HttpAssert.ReadObject(list);
            Assert.Equal(1, (int)page["total"]!);
            Assert.Equal(id, (string)page["channels"]![0]!["id"]!);
        }
        foreach (var key in new[] { id, "ops HOOK" })
        {
            using var one = await host.Client.GetAsync($"/api/v1/channels/{Uri.EscapeDataString(key)}");
            await HttpAssert.Expect(one, 200);
            Assert.True(JsonNode.DeepEquals(created, await HttpAssert.ReadObject(one)));
        }

        // An edit that leaves the secret out keeps it: the next send is still signed with it.
        host.Time.Advance(TimeSpan.FromMinutes(1));
        using (var patch = await host.Client.PatchAsync($"/api/v1/channels/{id}", VigilHost.Json("""{"name": "Ops webhook", "timeout_seconds": 7}""")))
        {
            await HttpAssert.Expect(patch, 200);
            var edited = await HttpAssert.ReadObject(patch);
            Assert.Equal(("Ops webhook", 7, "(set)"), ((string)edited["name"]!, (int)edited["timeout_seconds"]!, (string)edited["secret"]!));
            Assert.Equal(VigilHost.Epoch.AddMinutes(1), edited["updated_at"]!.GetValue<DateTimeOffset>());
        }
        // What a GET shows can be edited and sent back: read-only fields are ignored, redacted secrets kept.
        using (var get = await host.Client.GetAsync($"/api/v1/channels/{id}"))
        {
            var shown = await HttpAssert.ReadObject(get);
            shown["headers"] = new JsonObject { ["X-Team"] = "ops" };
            using var back = await host.Client.PatchAsync($"/api/v1/channels/{id}", VigilHost.Json(shown));
            await HttpAssert.Expect(back, 200);
            Assert.Equal("(set)", (string)(await HttpAssert.ReadObject(back))["headers"]!["X-Team"]!);
        }
        Assert.Equal("delivered", (string)(await TestAsync(host, "Ops webhook"))["outcome"]!);
        var sent = Assert.Single(receiver.Received("/crud/hook"));
        AssertSigned(sent, Secret);
        Assert.Equal("ops", sent.Headers["X-Team"]);

        using (var delete = await host.Client.DeleteAsync($"/api/v1/channels/{id}"))
            await HttpAssert.Expect(delete, 204);
        using (var gone = await host.Client.GetAsync($"/api/v1/channels/{id}"))
            await HttpAssert.ExpectProblem(gone, 404, $"no channel has id {id}");
    }

    [Fact]
    public async Task The_test_endpoint_sends_a_clearly_worded_test_alert_now_with_a_fresh_id_each_time()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await CreateAsync(host, new JsonObject { ["name"] = "hook", ["type"] = "webhook", ["url"] = receiver.Url("/test/hook") }))["id"]!;

        var first = await TestAsync(host, id);
        var second = await TestAsync(host, "hook");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"outcome": "delivered", "detail": "HTTP 200"}"""), first));
        Assert.True(JsonNode.DeepEquals(first, second));
        var sent = receiver.Received("/test/hook");
        Assert.Equal(2, sent.Count);
        Assert.NotEqual(sent[0].Headers["Idempotency-Key"], sent[1].Headers["Idempotency-Key"]);
        var body = JsonNode.Parse(sent[0].Body)!;
        Assert.Equal(sent[0].Headers["Idempotency-Key"], (string)body["id"]!);
        Assert.Equal("summary", (string)body["kind"]!);
        Assert.Equal("Vigil test alert: This is a test of the channel 'hook', sent on request. No monitor changed state; nothing needs doing.", (string)body["text"]!);
        Assert.Equal("test", (string)body["monitor"]!["status"]!);
        Assert.Equal(VigilHost.Epoch.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), (string)body["at"]!);
    }

    [Fact]
    public async Task A_failing_receiver_answers_200_with_retry_and_the_detail()
    {
        await using var host = await VigilHost.StartAsync();
        await CreateAsync(host, new JsonObject { ["name"] = "busy", ["type"] = "slack", ["url"] = receiver.Url("/fail/status/503") });
        await CreateAsync(host, new JsonObject { ["name"] = "away", ["type"] = "discord", ["url"] = $"http://127.0.0.1:{ClosedPort()}/api/webhooks/1/tok" });
        await CreateAsync(host, new JsonObject { ["name"] = "gone", ["type"] = "teams", ["url"] = receiver.Url("/fail/status/404") });

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"outcome": "retry", "detail": "HTTP 503"}"""), await TestAsync(host, "busy")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"outcome": "retry", "detail": "could not connect to the receiver"}"""), await TestAsync(host, "away")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"outcome": "failed", "detail": "HTTP 404"}"""), await TestAsync(host, "gone")));
        Assert.Single(receiver.Received("/fail/status/503"));
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_each_field()
    {
        await using var host = await VigilHost.StartAsync();
        await CreateAsync(host, new JsonObject { ["name"] = "Taken", ["type"] = "smtp", ["host"] = "127.0.0.1", ["tls"] = "none", ["from"] = "vigil@example.com", ["to"] = new JsonArray("ops@example.com") });

        async Task<string[]> Fields(HttpMethod method, string path, string body, int status = 400)
        {
            using var response = await host.Client.SendAsync(new HttpRequestMessage(method, path) { Content = VigilHost.Json(body) });
            var problem = await HttpAssert.ExpectProblem(response, status);
            return [.. problem["errors"]!.AsArray().Select(e => (string)e!["field"]!)];
        }

        Assert.Equal(["name"], await Fields(HttpMethod.Post, "/api/v1/channels", """{"type": "webhook", "url": "https://example.com/x"}"""));
        Assert.Equal(["url", "timeout_seconds", "headers.Host", "bogus"],
            await Fields(HttpMethod.Post, "/api/v1/channels", """{"name": "x", "type": "webhook", "url": "ftp://x", "timeout_seconds": 0, "headers": {"Host": "a"}, "bogus": 1}"""));
        Assert.Equal(["to", "password"], await Fields(HttpMethod.Post, "/api/v1/channels", """{"name": "m", "type": "smtp", "host": "h", "from": "a@example.com", "to": [], "password": "p"}"""));
        Assert.Equal(["type"], await Fields(HttpMethod.Post, "/api/v1/channels", """{"name": "x", "type": "pager"}"""));
        Assert.Equal(["name", "type"], await Fields(HttpMethod.Post, "/api/v1/channels", """{"name": 5}"""));
        Assert.Equal(["(body)"], await Fields(HttpMethod.Post, "/api/v1/channels", "[1]"));
        Assert.Equal(["(body)"], await Fields(HttpMethod.Post, "/api/v1/channels", "{"));
        Assert.Equal(["name"], await Fields(HttpMethod.Post, "/api/v1/channels", """{"name": "taken", "type": "slack", "url": "https://hooks.slack.com/x"}""", 409));
        Assert.Equal(["type"], await Fields(HttpMethod.Patch, "/api/v1/channels/Taken", """{"type": "webhook"}"""));
        Assert.Equal(["username"], await Fields(HttpMethod.Patch, "/api/v1/channels/Taken", """{"username": "vigil"}"""));

        using var shell = await host.Client.PostAsync("/api/v1/channels", VigilHost.Json("""{"name": "page", "type": "shell", "command": ["/bin/true"]}"""));
        var problem = await HttpAssert.ExpectProblem(shell, 400, "alerts.allow_shell_channel: true");
        Assert.Equal("type", (string)problem["errors"]![0]!["field"]!);

        using var list = await host.Client.GetAsync("/api/v1/channels");
        Assert.Equal(1, (int)(await HttpAssert.ReadObject(list))["total"]!);
    }

    [Fact]
    public async Task Unknown_ids_and_names_are_404_on_every_route()
    {
        await using var host = await VigilHost.StartAsync();
        var id = Guid.NewGuid();

        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/{id}"), (HttpMethod.Patch, $"/{id}"), (HttpMethod.Delete, $"/{id}"), (HttpMethod.Post, $"/{id}/test"), (HttpMethod.Get, "/no-such-channel") })
        {
            using var request = new HttpRequestMessage(method, "/api/v1/channels" + path) { Content = method == HttpMethod.Patch ? VigilHost.Json("{}") : null };
            using var response = await host.Client.SendAsync(request);
            await HttpAssert.ExpectProblem(response, 404, path.Contains("no-such") ? "no channel has the id or name 'no-such-channel'" : $"no channel has id {id}");
        }
    }

    [Fact]
    public async Task Reads_need_a_read_key_and_changes_and_tests_a_write_key()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await CreateAsync(host, new JsonObject { ["name"] = "hook", ["type"] = "webhook", ["url"] = receiver.Url("/scopes/hook") }))["id"]!;
        using var created = await host.Client.PostAsync("/api/v1/keys", VigilHost.Json("""{"name": "reader", "scope": "read"}"""));
        using var reader = new HttpClient { BaseAddress = host.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)(await HttpAssert.ReadObject(created))["key"]!);

        using (var anonymous = await host.Anonymous.GetAsync("/api/v1/channels"))
            await HttpAssert.ExpectProblem(anonymous, 401);
        using (var list = await reader.GetAsync("/api/v1/channels"))
            await HttpAssert.Expect(list, 200);
        using (var one = await reader.GetAsync($"/api/v1/channels/{id}"))
            await HttpAssert.Expect(one, 200);
        foreach (var request in new[]
                 {
                     new HttpRequestMessage(HttpMethod.Post, "/api/v1/channels") { Content = VigilHost.Json("""{"name": "x", "type": "slack", "url": "https://hooks.slack.com/x"}""") },
                     new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/channels/{id}") { Content = VigilHost.Json("""{"name": "y"}""") },
                     new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/channels/{id}"),
                     new HttpRequestMessage(HttpMethod.Post, $"/api/v1/channels/{id}/test"),
                 })
        {
            using (request)
            using (var response = await reader.SendAsync(request))
                await HttpAssert.ExpectProblem(response, 403, "needs a write key");
        }
        Assert.Empty(receiver.Received("/scopes/hook"));
    }

    [Fact]
    public async Task Channels_survive_a_restart_with_their_secrets()
    {
        var host = await VigilHost.StartAsync();
        try
        {
            var created = await CreateAsync(host, new JsonObject
            {
                ["name"] = "hook", ["type"] = "webhook", ["url"] = receiver.Url("/restart/hook"), ["secret"] = Secret,
                ["headers"] = new JsonObject { ["X-Team"] = "ops" },
            });

            host = await host.RestartAsync();

            using var one = await host.Client.GetAsync($"/api/v1/channels/{created["id"]}");
            await HttpAssert.Expect(one, 200);
            Assert.True(JsonNode.DeepEquals(created, await HttpAssert.ReadObject(one)));
            Assert.Equal("delivered", (string)(await TestAsync(host, "hook"))["outcome"]!);
            var sent = Assert.Single(receiver.Received("/restart/hook"));
            AssertSigned(sent, Secret);
            Assert.Equal("ops", sent.Headers["X-Team"]);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
