using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Observability.Requests;

namespace Vigil.Server.Tests.Observability.Requests;

public sealed class RequestWindowsTests
{
    private static readonly RouteEndpoint Ping = new(_ => Task.CompletedTask, RoutePatternFactory.Parse("/ping/{**path}"), 0, EndpointMetadataCollection.Empty, "ping");

    [Theory]
    [InlineData(1, 0)]
    [InlineData(50, 0)]
    [InlineData(51, 1)]
    [InlineData(100, 3)]
    [InlineData(1_000_000_000, 63)]
    public void IndexOf_PicksTheFirstBoundAtOrAbove(double micros, int expected)
    {
        Assert.Equal(expected, LatencyBuckets.IndexOf(micros));
        if (expected < 63)
            Assert.True(micros <= LatencyBuckets.BoundsMicros[expected]);
    }

    [Fact]
    public void PercentileMs_IsWithinABucketOfTheTruth()
    {
        var counts = new long[LatencyBuckets.Count];
        // 1..1000 ms, one request each
        for (var ms = 1; ms <= 1000; ms++)
            counts[LatencyBuckets.IndexOf(ms * 1000.0)]++;

        foreach (var (q, truth) in new[] { (0.5, 500.0), (0.95, 950.0), (0.99, 990.0) })
        {
            var estimate = LatencyBuckets.PercentileMs(counts, q)!.Value;
            Assert.InRange(estimate / truth, 0.79, 1.27);
        }
        Assert.Null(LatencyBuckets.PercentileMs(new long[LatencyBuckets.Count], 0.5));
    }

    [Theory]
    [InlineData(200, false, ErrorCategory.None)]
    [InlineData(404, false, ErrorCategory.ClientError)]
    [InlineData(429, false, ErrorCategory.Backpressure)]
    [InlineData(503, false, ErrorCategory.Backpressure)]
    [InlineData(500, false, ErrorCategory.ServerError)]
    [InlineData(504, false, ErrorCategory.Timeout)]
    [InlineData(200, true, ErrorCategory.Timeout)]
    public void Categories_FollowTheStatusAndAborts(int status, bool aborted, ErrorCategory expected) =>
        Assert.Equal(expected, ErrorCategories.Of(status, aborted));

    [Fact]
    public void RouteOf_IsTheTemplate_WithoutAGroupsTrailingSlash()
    {
        var group = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/monitors/"), 0, EndpointMetadataCollection.Empty, "list");

        Assert.Equal("/api/v1/monitors", RequestWindows.RouteOf(group));
        Assert.Equal("/ping/{**path}", RequestWindows.RouteOf(Ping));
        Assert.Equal(RequestWindows.Unmatched, RequestWindows.RouteOf(new Endpoint(null, null, "405")));
    }

    [Fact]
    public void Windows_SlideWithTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var windows = new RequestWindows(time);
        time.Advance(TimeSpan.FromMinutes(20)); // a server that has been up a while

        for (var i = 0; i < 100; i++)
            Record(windows, time, Ping, 2_000, i < 10 ? ErrorCategory.Backpressure : ErrorCategory.None);
        Record(windows, time, null, 100, ErrorCategory.ClientError);

        var view = RequestStats.Build(windows, time.GetUtcNow());
        var ping = Assert.Single(view.Routes, r => r.Route == "/ping/{**path}");
        Assert.Equal(100, ping.Windows.OneMinute.Count);
        Assert.Equal(0.1, ping.Windows.OneMinute.ErrorRate);
        Assert.Equal(10, ping.Windows.OneMinute.Errors.Backpressure);
        Assert.InRange(ping.Windows.OneMinute.P50Ms!.Value, 1.5, 2.6);
        Assert.Equal(1, Assert.Single(view.Routes, r => r.Route == RequestWindows.Unmatched).Windows.FifteenMinutes.Errors.ClientError);
        Assert.Equal(101, view.All.FiveMinutes.Count);

        time.Advance(TimeSpan.FromMinutes(2));
        view = RequestStats.Build(windows, time.GetUtcNow());
        ping = Assert.Single(view.Routes, r => r.Route == "/ping/{**path}");
        Assert.Equal(0, ping.Windows.OneMinute.Count);
        Assert.Null(ping.Windows.OneMinute.P99Ms);
        Assert.Equal(100, ping.Windows.FiveMinutes.Count);

        time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, RequestStats.Build(windows, time.GetUtcNow()).All.FifteenMinutes.Count);
    }

    [Fact]
    public void Rps_UsesTheSpanAYoungServerHasLived()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var windows = new RequestWindows(time);
        time.Advance(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 40; i++)
            Record(windows, time, Ping, 500, ErrorCategory.None);

        Assert.Equal(2.0, RequestStats.Build(windows, time.GetUtcNow()).All.FifteenMinutes.Rps);
    }

    private static void Record(RequestWindows windows, FakeTimeProvider time, Endpoint? endpoint, double micros, ErrorCategory category) =>
        windows.Record(windows.WindowFor(endpoint), time.GetTimestamp(), (long)(micros * 10), micros, category);
}
