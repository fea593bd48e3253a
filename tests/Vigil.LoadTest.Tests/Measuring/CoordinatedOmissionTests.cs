using System.Diagnostics;
using Vigil.LoadTest.Driving;
using Vigil.LoadTest.Measuring;
using Vigil.LoadTest.Tests.Support;

namespace Vigil.LoadTest.Tests.Measuring;

public sealed class CoordinatedOmissionTests
{
    [Fact]
    public async Task A_stall_counts_against_every_request_that_fell_due_during_it()
    {
        // 100 requests/s over one connection for 2 s; one request is held 500 ms, half a second in. About 50
        // requests fall due while it is held: a closed loop would report one slow request, the open loop all of them.
        await using var server = await StallingServer.StartAsync(stallAt: 50, TimeSpan.FromMilliseconds(500));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(5) };
        var targets = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid().ToString()).ToList();
        // Warm up (JIT, the connection) so the only stall measured is the server's.
        for (var i = 0; i < 20; i++)
            (await client.PostAsync(new Uri(server.Url, "/ping/warm-up"), null)).Dispose();
        server.Arm();
        var recorder = new Recorder(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(2));

        await OpenLoopDriver.RunAsync(client, new PingRequests(server.Url, targets), new FixedRateSchedule(100, TimeSpan.FromSeconds(2)), 1, recorder, CancellationToken.None);

        Assert.Equal(200, recorder.Requests);
        Assert.Equal(200, recorder.Succeeded);
        Assert.Equal(220, server.Answered);
        // Corrected: the quarter of the run that waited on the stall shows up from p75 on, the worst near 500 ms
        // (the bound above is loose: a busy machine adds its own queueing, which an open loop rightly counts).
        var series = string.Join(" | ", recorder.Series.Points().Select(p => $"{p.T}s {p.Rps}/s p50 {p.P50Ms} p99 {p.P99Ms}"));
        Assert.True(recorder.Latency.ValueAtPercentile(90) / 1e6 is >= 150 and <= 1500,
            $"corrected p90 {recorder.Latency.ValueAtPercentile(90) / 1e6} ms, service p50 {recorder.ServiceTime.ValueAtPercentile(50) / 1e6} p90 {recorder.ServiceTime.ValueAtPercentile(90) / 1e6}; {series}");
        Assert.InRange(recorder.Latency.MaxNs / 1e6, 450, 2000);
        // Uncorrected service time: only the held request was slow.
        Assert.True(recorder.ServiceTime.ValueAtPercentile(90) < recorder.Latency.ValueAtPercentile(90) / 3,
            $"service p90 {recorder.ServiceTime.ValueAtPercentile(90) / 1e6} ms against corrected {recorder.Latency.ValueAtPercentile(90) / 1e6} ms");
        Assert.InRange(recorder.ServiceTime.MaxNs / 1e6, 450, 2000);
    }

    [Fact]
    public async Task An_open_loop_keeps_its_rate_and_counts_connect_errors()
    {
        // A port nothing listens on: every request fails to connect, and the schedule still runs to its end.
        var port = FreePort();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2 }) { Timeout = TimeSpan.FromSeconds(2) };
        var recorder = new Recorder(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds(1));
        await OpenLoopDriver.RunAsync(client, new PingRequests(new Uri($"http://127.0.0.1:{port}/"), [Guid.NewGuid().ToString()]),
            new FixedRateSchedule(50, TimeSpan.FromSeconds(1)), 2, recorder, CancellationToken.None);
        Assert.Equal(50, recorder.Requests);
        Assert.Equal(0, recorder.Succeeded);
        Assert.Equal(50, recorder.Errors.Snapshot()["connect"]);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
