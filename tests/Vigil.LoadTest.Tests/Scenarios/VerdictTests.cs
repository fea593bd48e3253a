using Vigil.LoadTest.Tests.Support;

namespace Vigil.LoadTest.Tests.Scenarios;

/// <summary>A steady run against a server that is not Vigil and stalls: it says it did not keep up.</summary>
public sealed class VerdictTests
{
    [Fact]
    public async Task A_steady_run_whose_answers_fall_behind_the_rate_fails_and_says_so()
    {
        // Armed now: the warm-up's 50 requests pass, then the run's 50th request is held 2.5 s, and everything
        // after it waits on the single connection.
        await using var server = await StallingServer.StartAsync(stallAt: 100, TimeSpan.FromSeconds(2.5));
        server.Arm();
        var ids = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(ids, [.. Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString())]);
            var options = new LoadTestOptions { Url = server.Url, IdsFile = ids, Rate = 100, Duration = TimeSpan.FromSeconds(1), Connections = 1 };
            var result = await new LoadTestRunner(options).RunAsync(CancellationToken.None);

            Assert.Equal(100, result.Totals.Requests);
            Assert.Equal(100, result.Totals.Succeeded);
            Assert.False(result.Verdict.Passed);
            Assert.Contains(result.Verdict.Reasons, r => r.StartsWith("did not keep up", StringComparison.Ordinal));
            Assert.True(result.Latency.MaxMs >= 2000, $"max {result.Latency.MaxMs} ms");
            // This server has no /metrics: the server figures are absent, not invented.
            Assert.Null(result.Server.Before);
            Assert.Null(result.Server.CpuCores);
        }
        finally
        {
            File.Delete(ids);
        }
    }
}
