using Vigil.Checks.Probes;
using Vigil.Checks.Probes.Http;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Http;

/// <summary>Failures before any response: refused connects, unknown names, silent servers; and the DNS cache.</summary>
public sealed class HttpProbeNetworkTests(HttpTargetFixture target) : IClassFixture<HttpTargetFixture>, IDisposable
{
    private readonly HttpProbe _probe = new(HttpProbeOptions.Default, TimeProvider.System);

    public void Dispose() => _probe.Dispose();

    [Fact]
    public async Task RunAsync_RefusedPort_FailsAsConnect()
    {
        var port = ProbeTestPorts.Closed();

        var result = await HttpProbeRunner.RunAsync(_probe, new HttpCheckSpec { Url = new Uri($"http://127.0.0.1:{port}/") });

        Assert.Equal(CheckError.Connect, result.Error);
        Assert.Equal($"connection refused (127.0.0.1:{port})", result.Message);
        Assert.Null(result.Phases!.Connect);
    }

    [Fact]
    public async Task RunAsync_UnknownHostName_FailsAsDns()
    {
        var result = await HttpProbeRunner.RunAsync(_probe, new HttpCheckSpec { Url = new Uri("http://nonexistent.invalid/") });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.StartsWith("could not resolve nonexistent.invalid", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ServerNeverAnswers_LetsTheCallersCancellationEscape()
    {
        await using var silent = ScriptedTcpServer.Silent();
        var spec = new HttpCheckSpec { Url = new Uri($"http://127.0.0.1:{silent.Port}/") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => HttpProbeRunner.RunAsync(_probe, spec, timeout: TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task RunAsync_RepeatedCheckOfLocalhost_HitsTheDnsCache()
    {
        // Fresh connections, so each check connects and so resolves the name.
        var spec = new HttpCheckSpec { Url = new Uri($"http://localhost:{target.HttpPort}/ok"), FreshConnection = true };

        var first = await HttpProbeRunner.RunAsync(_probe, spec);
        var second = await HttpProbeRunner.RunAsync(_probe, spec);

        Assert.True(first.Ok && second.Ok, first.Message + " / " + second.Message);
        Assert.NotNull(first.Phases!.Dns);
        var stats = _probe.DnsCache.Stats;
        Assert.Equal(1, stats.Misses);
        Assert.Equal(1, stats.Hits);
        Assert.Equal(1, stats.Entries);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/file", "GET")]
    [InlineData("http://127.0.0.1/", "BAD METHOD")]
    public async Task RunAsync_RequestThatCannotBeMade_FailsAsProtocolWithoutThrowing(string url, string method)
    {
        var result = await HttpProbeRunner.RunAsync(_probe, new HttpCheckSpec { Url = new Uri(url), Method = method });

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.StartsWith("invalid request: ", result.Message, StringComparison.Ordinal);
    }
}
