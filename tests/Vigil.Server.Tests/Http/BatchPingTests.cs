using System.Text;
using System.Text.Json.Nodes;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Http;

public sealed class BatchPingTests
{
    [Fact]
    public async Task BatchJsonArray_MixedItems_AnswersEachItemAndStoresTheAccepted()
    {
        await using var host = await VigilHost.StartAsync();
        var id = (string)(await host.CreateMonitorAsync("batched"))["id"]!;
        var backfilled = VigilHost.Epoch.AddHours(-1);
        var body = new JsonArray(
            new JsonObject { ["uuid"] = id, ["kind"] = "start", ["at"] = backfilled.ToString("O"), ["rid"] = "r1" },
            new JsonObject { ["uuid"] = Guid.NewGuid().ToString() },
            new JsonObject { ["uuid"] = id, ["kind"] = "bogus" },
            new JsonObject { ["uuid"] = id, ["at"] = VigilHost.Epoch.AddSeconds(301).ToString("O") },
            new JsonObject { ["uuid"] = id, ["at"] = backfilled.AddMinutes(2).ToString("O"), ["rid"] = "r1", ["body"] = "done" });

        using var response = await host.Anonymous.PostAsync("/api/v1/pings", VigilHost.Json(body));

        await HttpAssert.Expect(response, 200);
        var result = await HttpAssert.ReadObject(response);
        Assert.Equal(2, (int)result["accepted"]!);
        Assert.Equal(3, (int)result["rejected"]!);
        var items = result["results"]!.AsArray();
        Assert.Equal([200, 404, 400, 400, 200], items.Select(i => (int)i!["status"]!));
        Assert.Equal([0, 1, 2, 3, 4], items.Select(i => (int)i!["index"]!));
        Assert.Contains("kind", (string)items[2]!["error"]!);
        Assert.Contains("at:", (string)items[3]!["error"]!);
        Assert.Contains("300 s", (string)items[3]!["error"]!);

        var pings = await host.ReadAllAsync(id, "pings");
        Assert.Equal(2, pings.Count);
        Assert.Equal(backfilled.AddMinutes(2), DateTimeOffset.Parse((string)pings[0]["at"]!));
        Assert.Equal(backfilled, DateTimeOffset.Parse((string)pings[1]["at"]!));
        Assert.Equal(120_000, (long)pings[0]["duration_ms"]!);
        Assert.Equal("done", (string)pings[0]["body"]!);
        Assert.Equal("up", await host.StatusAsync(id));
    }

    [Fact]
    public async Task BatchNdjson_Lines_AreEachRecorded()
    {
        await using var host = await VigilHost.StartAsync();
        var a = (string)(await host.CreateMonitorAsync("a"))["id"]!;
        var b = (string)(await host.CreateMonitorAsync("b"))["id"]!;
        var ndjson = $"{{\"uuid\":\"{a}\"}}\n\n{{\"uuid\":\"{b}\",\"exit_status\":2}}\r\n{{\"uuid\":\"{a}\",\"kind\":\"log\",\"body\":\"hi\"}}\n";

        using var response = await host.Anonymous.PostAsync("/api/v1/pings", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"));

        await HttpAssert.Expect(response, 200);
        var result = await HttpAssert.ReadObject(response);
        Assert.Equal(3, (int)result["accepted"]!);
        Assert.Equal("up", await host.StatusAsync(a));
        Assert.Equal("down", await host.StatusAsync(b));
        Assert.Equal(["log", "success"], (await host.ReadAllAsync(a, "pings")).Select(p => (string)p["kind"]!));

        using var bad = await host.Anonymous.PostAsync("/api/v1/pings", new StringContent($"{{\"uuid\":\"{a}\"}}\n{{nope", Encoding.UTF8, "application/x-ndjson"));
        await HttpAssert.ExpectProblem(bad, 400, "line 2");
    }

    [Fact]
    public async Task Batch_MoreItemsThanLimit_Answers413()
    {
        await using var host = await VigilHost.StartAsync(o => o with { Pings = o.Pings with { BatchMaxItems = 3 } });
        var id = (string)(await host.CreateMonitorAsync("limited"))["id"]!;
        var item = new JsonObject { ["uuid"] = id };

        using (var ok = await host.Anonymous.PostAsync("/api/v1/pings", VigilHost.Json(new JsonArray(item.DeepClone(), item.DeepClone(), item.DeepClone()))))
            await HttpAssert.Expect(ok, 200);
        using (var tooMany = await host.Anonymous.PostAsync("/api/v1/pings", VigilHost.Json(new JsonArray(item.DeepClone(), item.DeepClone(), item.DeepClone(), item.DeepClone()))))
            await HttpAssert.ExpectProblem(tooMany, 413, "at most 3");

        Assert.Equal(3, (long)(await host.GetMonitorAsync(id))["ping_count"]!);
    }

    [Fact]
    public async Task Batch_BodyTooBig_Answers413()
    {
        await using var host = await VigilHost.StartAsync(o => o with { Pings = o.Pings with { BatchMaxBytes = 2048 } });
        var id = (string)(await host.CreateMonitorAsync("big batch"))["id"]!;
        var body = new JsonArray([.. Enumerable.Range(0, 60).Select(_ => (JsonNode)new JsonObject { ["uuid"] = id })]);

        using (var sized = await host.Anonymous.PostAsync("/api/v1/pings", VigilHost.Json(body)))
            await HttpAssert.ExpectProblem(sized, 413, "2048 bytes");

        // the same without a Content-Length (chunked) is refused while reading
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body.ToJsonString())));
        chunked.Headers.ContentType = new("application/json");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/pings") { Content = chunked })
        {
            request.Headers.TransferEncodingChunked = true;
            using var streamed = await host.Anonymous.SendAsync(request);
            await HttpAssert.ExpectProblem(streamed, 413);
        }

        Assert.Equal(0, (long)(await host.GetMonitorAsync(id))["ping_count"]!);
    }
}
