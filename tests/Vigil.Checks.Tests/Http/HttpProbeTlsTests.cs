using Vigil.Checks.Probes;
using Vigil.Checks.Probes.Http;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Http;

/// <summary>Certificate verification, expiry and per-phase timings against a real Kestrel over HTTPS.</summary>
public sealed class HttpProbeTlsTests(HttpTargetFixture target) : IClassFixture<HttpTargetFixture>, IDisposable
{
    private readonly HttpProbe _probe = new(HttpProbeOptions.Default, TimeProvider.System);

    public void Dispose() => _probe.Dispose();

    private Task<ProbeResult> RunAsync(HttpCheckSpec spec) => HttpProbeRunner.RunAsync(_probe, spec);

    [Fact]
    public async Task RunAsync_SelfSignedCertificateVerified_FailsAsTls()
    {
        var result = await RunAsync(new HttpCheckSpec { Url = target.Https("/ok") });

        Assert.Equal(CheckError.Tls, result.Error);
        Assert.StartsWith("certificate not trusted", result.Message, StringComparison.Ordinal);
        Assert.Null(result.Phases?.FirstByte);
    }

    [Fact]
    public async Task RunAsync_SelfSignedCertificateNotVerified_Succeeds()
    {
        var result = await RunAsync(new HttpCheckSpec { Url = target.Https("/ok"), VerifyTls = false });

        Assert.True(result.Ok, result.Message);
        Assert.Equal("HTTP 200", result.Message);
    }

    [Fact]
    public async Task RunAsync_CertificateExpiringWithinLimit_FailsAsTlsOnNewAndReusedConnections()
    {
        var spec = new HttpCheckSpec { Url = target.ExpiringHttps("/ok"), VerifyTls = false, CertExpiryDays = 14 };

        var first = await RunAsync(spec);
        var reused = await RunAsync(spec);

        foreach (var result in new[] { first, reused })
        {
            Assert.Equal(CheckError.Tls, result.Error);
            Assert.Matches(@"^certificate expires on \d{4}-\d{2}-\d{2} \([12] days left, limit 14\)$", result.Message);
        }
        Assert.Null(reused.Phases?.Tls);
    }

    [Fact]
    public async Task RunAsync_CertificateExpiringAfterLimit_Succeeds()
    {
        var result = await RunAsync(new HttpCheckSpec { Url = target.ExpiringHttps("/ok"), VerifyTls = false, CertExpiryDays = 1 });

        Assert.True(result.Ok, result.Message);
    }

    [Fact]
    public async Task RunAsync_NewConnection_HasConnectAndTlsPhases_ReusedConnectionHasNone()
    {
        var spec = new HttpCheckSpec { Url = target.Https("/ok"), VerifyTls = false };

        var first = await RunAsync(spec);
        var second = await RunAsync(spec);

        Assert.True(first.Ok && second.Ok, first.Message + " / " + second.Message);
        Assert.Null(first.Phases!.Dns); // an IP literal: no lookup
        Assert.NotNull(first.Phases.Connect);
        Assert.NotNull(first.Phases.Tls);
        Assert.NotNull(first.Phases.FirstByte);
        Assert.Null(second.Phases!.Connect);
        Assert.Null(second.Phases.Tls);
        Assert.NotNull(second.Phases.FirstByte);
    }

    [Fact]
    public async Task RunAsync_PlainHttpOnReusedConnection_HasNoConnectPhase()
    {
        var spec = new HttpCheckSpec { Url = target.Http("/ok") };

        var first = await RunAsync(spec);
        var second = await RunAsync(spec);

        Assert.NotNull(first.Phases!.Connect);
        Assert.Null(first.Phases.Tls);
        Assert.Null(second.Phases!.Connect);
    }

    [Fact]
    public async Task RunAsync_FreshConnection_ConnectsEveryTime()
    {
        var spec = new HttpCheckSpec { Url = target.Https("/ok"), VerifyTls = false, FreshConnection = true };

        var first = await RunAsync(spec);
        var second = await RunAsync(spec);

        Assert.NotNull(first.Phases!.Tls);
        Assert.NotNull(second.Phases!.Connect);
        Assert.NotNull(second.Phases.Tls);
    }

    [Fact]
    public async Task RunAsync_RedirectFromHttpsToHttp_FailsAsProtocol()
    {
        var result = await RunAsync(new HttpCheckSpec { Url = target.Https("/to-http"), VerifyTls = false });

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.StartsWith("redirect from https to http not followed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PlainHttpToTlsPort_FailsAsProtocol()
    {
        var url = new Uri($"http://127.0.0.1:{target.HttpsPort}/ok");

        var result = await RunAsync(new HttpCheckSpec { Url = url });

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.Equal("connection closed before a full response", result.Message);
    }
}
