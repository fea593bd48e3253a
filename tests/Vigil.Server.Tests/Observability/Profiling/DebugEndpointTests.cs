using System.Net.Http.Headers;
using System.Text;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability.Profiling;

/// <summary>The profiling endpoints through the real host: a real EventPipe session on this test process.</summary>
public sealed class DebugEndpointTests
{
    private static async Task<HttpClient> ReadKeyClientAsync(VigilHost host)
    {
        using var created = await host.Client.PostAsync("/api/v1/keys", VigilHost.Json("""{"name":"reader","scope":"read"}"""));
        await HttpAssert.Expect(created, 201);
        var key = (string)(await HttpAssert.ReadObject(created))["key"]!;
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static HttpClient WriteKeyClient(VigilHost host)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", VigilHost.WriteKey);
        return client;
    }

    /// <summary>Starts a trace and returns once its headers arrived, i.e. once the session runs.</summary>
    private static async Task<HttpResponseMessage> StartTraceAsync(HttpClient client, int seconds)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/debug/trace?seconds={seconds}"), HttpCompletionOption.ResponseHeadersRead);
        await HttpAssert.Expect(response, 200);
        return response;
    }

    [Fact]
    public async Task A_trace_is_a_nettrace_file_of_this_process_that_ends_when_the_clock_has_moved_its_seconds()
    {
        await using var host = await VigilHost.StartAsync();
        using var client = WriteKeyClient(host);
        var monitor = (string)(await host.CreateMonitorAsync("traced"))["id"]!;

        using var response = await StartTraceAsync(client, 2);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".nettrace", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var body = response.Content.ReadAsByteArrayAsync();
        for (var i = 0; i < 50; i++)
            await host.PingAsync(monitor); // something to sample
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var trace = await body;

        // The nettrace magic, then the serialization header; the runtime's rundown alone is many KB.
        Assert.Equal("Nettrace", Encoding.ASCII.GetString(trace, 0, 8));
        Assert.True(trace.Length > 50_000, $"the trace has only {trace.Length} bytes");
        // The sampler's events, and the rundown that names methods (Vigil's among them) so stacks resolve.
        Assert.True(Contains(trace, "Microsoft-DotNETCore-SampleProfiler"), "no sample profiler events");
        Assert.True(Contains(trace, "Microsoft-Windows-DotNETRuntimeRundown"), "no rundown");
        Assert.True(Contains(trace, "Vigil.Server"), "no Vigil method names");
    }

    private static bool Contains(byte[] trace, string utf16) => trace.AsSpan().IndexOf(Encoding.Unicode.GetBytes(utf16)) >= 0;

    [Fact]
    public async Task A_second_trace_while_one_runs_is_409_and_a_client_that_goes_away_frees_the_slot()
    {
        await using var host = await VigilHost.StartAsync();
        using var first = WriteKeyClient(host);
        using var second = WriteKeyClient(host);

        var running = await StartTraceAsync(first, 60);
        using (var busy = await second.PostAsync("/api/v1/debug/trace?seconds=1", null))
            await HttpAssert.ExpectProblem(busy, 409, "already running");

        // The client goes away mid-trace: its session stops, and the next trace may start.
        running.Dispose();
        first.Dispose();
        using var next = await Eventually.Get(async () =>
        {
            var response = await second.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/debug/trace?seconds=1"), HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
                return response;
            response.Dispose();
            return null;
        }, r => r is not null, "the trace slot to be free again", seconds: 60);
        var body = next!.Content.ReadAsByteArrayAsync();
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await body).Length > 0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task Bad_seconds_are_a_400_naming_the_field(string seconds)
    {
        await using var host = await VigilHost.StartAsync();
        using var response = await host.Client.PostAsync($"/api/v1/debug/trace?seconds={seconds}", null);
        var problem = await HttpAssert.ExpectProblem(response, 400, "seconds");
        Assert.Equal("seconds", (string)problem["errors"]![0]!["field"]!);
    }

    [Theory]
    [InlineData("POST", "/api/v1/debug/trace?seconds=1")]
    [InlineData("GET", "/api/v1/debug/gc")]
    public async Task The_debug_endpoints_need_a_write_key(string method, string url)
    {
        await using var host = await VigilHost.StartAsync();
        using var reader = await ReadKeyClientAsync(host);
        using (var anonymous = await host.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)))
            await HttpAssert.ExpectProblem(anonymous, 401);
        using (var read = await reader.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)))
            await HttpAssert.ExpectProblem(read, 403, "write key");
    }

    [Fact]
    public async Task Gc_statistics_show_the_heap_collections_and_generations()
    {
        await using var host = await VigilHost.StartAsync(); // starting collects once (after loading monitors)
        using var response = await host.Client.GetAsync("/api/v1/debug/gc");
        await HttpAssert.Expect(response, 200);
        var gc = await HttpAssert.ReadObject(response);

        var totals = gc["totals"]!.AsObject();
        Assert.True((long)totals["allocated_bytes"]! > 0);
        Assert.True((long)totals["heap_bytes"]! > 0);
        Assert.Equal(3, totals["collections"]!.AsArray().Count);
        Assert.True((int)totals["collections"]![2]! >= 1);
        Assert.True((long)totals["heap_hard_limit_bytes"]! >= 0);
        Assert.NotNull(gc["mode"]!["server_gc"]);
        var last = gc["last_collection"]!.AsObject();
        Assert.Equal(["gen0", "gen1", "gen2", "loh", "poh"], last["generations"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.True((long)last["heap_size_bytes"]! > 0);
        Assert.NotNull(gc["last_full_blocking"]);
        Assert.True(gc["configuration"]!.AsObject().Count > 0);
    }
}
