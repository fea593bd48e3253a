using Vigil.Checks.Probes;
using Vigil.Checks.Probes.Http;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Checks.Tests.Http;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Tcp;

/// <summary>Connects, banners and TLS against real loopback servers: a scripted TCP server and Kestrel's HTTPS port.</summary>
public sealed class TcpProbeTests(HttpTargetFixture target) : IClassFixture<HttpTargetFixture>
{
    private readonly DnsCache _dns = new(TimeSpan.FromSeconds(30), capacity: 100, TimeProvider.System);
    private TcpProbe Probe => new(_dns, TimeProvider.System);

    [Fact]
    public async Task RunAsync_ListeningPort_Connects()
    {
        var result = await HttpProbeRunner.RunAsync(Probe, new TcpCheckSpec { Host = "127.0.0.1", Port = target.HttpPort });

        Assert.True(result.Ok, result.Message);
        Assert.Equal("connected", result.Message);
        Assert.Null(result.Phases!.Dns);
        Assert.NotNull(result.Phases.Connect);
        Assert.Null(result.Phases.Tls);
    }

    [Fact]
    public async Task RunAsync_HostName_ResolvesThroughTheCache()
    {
        var spec = new TcpCheckSpec { Host = "localhost", Port = target.HttpPort };

        await HttpProbeRunner.RunAsync(Probe, spec);
        var second = await HttpProbeRunner.RunAsync(Probe, spec);

        Assert.True(second.Ok, second.Message);
        Assert.NotNull(second.Phases!.Dns);
        Assert.Equal(1, _dns.Stats.Hits);
    }

    [Fact]
    public async Task RunAsync_RefusedPort_FailsAsConnect()
    {
        var port = ProbeTestPorts.Closed();

        var result = await HttpProbeRunner.RunAsync(Probe, new TcpCheckSpec { Host = "127.0.0.1", Port = port });

        Assert.Equal(CheckError.Connect, result.Error);
        Assert.Equal($"connection refused (127.0.0.1:{port})", result.Message);
    }

    [Fact]
    public async Task RunAsync_UnknownHostName_FailsAsDns()
    {
        var result = await HttpProbeRunner.RunAsync(Probe, new TcpCheckSpec { Host = "nonexistent.invalid", Port = 80 });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.StartsWith("could not resolve nonexistent.invalid", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExpectedBanner_Matches()
    {
        await using var server = ScriptedTcpServer.BannerThenEcho("220 vigil-test ready\r\n");

        var result = await HttpProbeRunner.RunAsync(Probe, new TcpCheckSpec { Host = "127.0.0.1", Port = server.Port, Expect = "^220 .*ready" });

        Assert.True(result.Ok, result.Message);
        Assert.Equal("connected, reply matched", result.Message);
        Assert.NotNull(result.Phases!.FirstByte);
    }

    [Fact]
    public async Task RunAsync_SendThenExpectTheEcho_Matches()
    {
        await using var server = ScriptedTcpServer.BannerThenEcho("hello\r\n");
        var spec = new TcpCheckSpec { Host = "127.0.0.1", Port = server.Port, Send = "PING 42\r\n", Expect = @"PING 42\r\n" };

        var result = await HttpProbeRunner.RunAsync(Probe, spec);

        Assert.True(result.Ok, result.Message);
    }

    [Fact]
    public async Task RunAsync_ReplyNotMatchingBeforeClose_FailsAsAssertionWithEscapedExcerpt()
    {
        await using var server = ScriptedTcpServer.BannerThenClose("SSH-2.0-OpenSSH\r\n");

        var result = await HttpProbeRunner.RunAsync(Probe, new TcpCheckSpec { Host = "127.0.0.1", Port = server.Port, Expect = "^220" });

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("expected /^220/, got \"SSH-2.0-OpenSSH\\r\\n\"", result.Message);
    }

    [Fact]
    public async Task RunAsync_PeerClosesWithoutReply_FailsAsAssertion()
    {
        await using var server = ScriptedTcpServer.BannerThenClose("");

        var result = await HttpProbeRunner.RunAsync(Probe, new TcpCheckSpec { Host = "127.0.0.1", Port = server.Port, Expect = "^220" });

        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.Equal("expected /^220/, connection closed with no reply", result.Message);
    }

    [Fact]
    public async Task RunAsync_SilentServerWithExpect_LetsTheCallersCancellationEscape()
    {
        await using var server = ScriptedTcpServer.Silent();
        var spec = new TcpCheckSpec { Host = "127.0.0.1", Port = server.Port, Send = "hello\r\n", Expect = "anything" };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => HttpProbeRunner.RunAsync(Probe, spec, timeout: TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task RunAsync_TlsWithoutVerification_Succeeds()
    {
        var spec = new TcpCheckSpec { Host = "127.0.0.1", Port = target.HttpsPort, Tls = true, VerifyTls = false };

        var result = await HttpProbeRunner.RunAsync(Probe, spec);

        Assert.True(result.Ok, result.Message);
        Assert.NotNull(result.Phases!.Tls);
    }

    [Fact]
    public async Task RunAsync_TlsSelfSignedVerified_FailsAsTls()
    {
        var spec = new TcpCheckSpec { Host = "127.0.0.1", Port = target.HttpsPort, Tls = true };

        var result = await HttpProbeRunner.RunAsync(Probe, spec);

        Assert.Equal(CheckError.Tls, result.Error);
        Assert.StartsWith("certificate not trusted", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TlsThenHttpRequest_MatchesTheStatusLine()
    {
        var spec = new TcpCheckSpec
        {
            Host = "127.0.0.1",
            Port = target.HttpsPort,
            Tls = true,
            VerifyTls = false,
            Send = "GET /ok HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            Expect = @"^HTTP/1\.1 200",
        };

        var result = await HttpProbeRunner.RunAsync(Probe, spec);

        Assert.True(result.Ok, result.Message);
    }
}
