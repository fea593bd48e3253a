using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability.Requests;

public sealed class RequestMetricsTests
{
    [Fact]
    public async Task Requests_AreTimedPerRouteTemplate_AndServedPerWindow()
    {
        await using var host = await VigilHost.StartAsync();
        using var durations = new MetricRecorder(host.App.Services.GetRequiredService<IMeterFactory>(), "vigil.http.server.request.duration");
        var monitor = await host.CreateMonitorAsync("nightly");
        var id = (string)monitor["id"]!;

        for (var i = 0; i < 5; i++)
            await host.PingAsync(id);
        await host.PingAsync(Guid.NewGuid().ToString(), expected: 404);
        using (var missing = await host.Anonymous.GetAsync("/no/such/page"))
            await HttpAssert.Expect(missing, 404);
        using (var anonymous = await host.Anonymous.GetAsync("/api/v1/monitors"))
            await HttpAssert.Expect(anonymous, 401);

        var stats = await ReadAsync(host.Client, "/api/v1/system/requests");
        var ping = Route(stats, "/ping/{**path}")["1m"]!;
        Assert.Equal(6, (long)ping["count"]!);
        Assert.Equal(1, (long)ping["errors"]!["client_error"]!);
        Assert.True((double)ping["p99_ms"]! > 0);
        Assert.Equal(1, (long)Route(stats, "unmatched")["15m"]!["errors"]!["client_error"]!);
        Assert.Equal(1, (long)Route(stats, "/api/v1/monitors")["5m"]!["errors"]!["client_error"]!);
        Assert.True((long)stats["all"]!["1m"]!["count"]! >= 9);

        var recorded = durations.Read();
        Assert.Equal(5, recorded.Count(m => Tag(m, "route") == "/ping/{**path}" && Tag(m, "status_class") == "2xx" && Tag(m, "method") == "GET"));
        Assert.Contains(recorded, m => Tag(m, "route") == "unmatched" && Tag(m, "status_class") == "4xx");
        Assert.DoesNotContain(recorded, m => Tag(m, "route")!.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ActiveRequests_CountsTheRequestReadingIt()
    {
        await using var host = await VigilHost.StartAsync();
        using var active = new MetricRecorder(host.App.Services.GetRequiredService<IMeterFactory>(), "vigil.http.server.active_requests");

        using (var response = await host.Client.GetAsync("/api/v1/system/requests"))
            await HttpAssert.Expect(response, 200);

        var changes = active.Read().Select(m => m.Value).ToList();
        Assert.Equal([1.0, -1.0], changes);
    }

    [Fact]
    public async Task SystemReads_NeedAKey()
    {
        await using var host = await VigilHost.StartAsync();

        foreach (var path in new[] { "/api/v1/system", "/api/v1/system/requests" })
        {
            using var response = await host.Anonymous.GetAsync(path);
            await HttpAssert.ExpectProblem(response, 401);
        }
    }

    private static string? Tag((double Value, Dictionary<string, object?> Tags) measurement, string key) => measurement.Tags.GetValueOrDefault(key) as string;

    private static JsonObject Route(JsonObject stats, string route) =>
        stats["routes"]!.AsArray().Single(r => (string)r!["route"]! == route)!["windows"]!.AsObject();

    internal static async Task<JsonObject> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        await HttpAssert.Expect(response, 200);
        return await HttpAssert.ReadObject(response);
    }
}
