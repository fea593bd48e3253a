using Vigil.Checks.Probes;
using Vigil.Checks.Tests.Fixtures;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Dns;

public sealed class DnsProbeTests(DnsmasqServer dnsmasq) : IClassFixture<DnsmasqServer>
{
    private readonly DnsProbe _probe = new();

    [Theory]
    [InlineData("app.vigil.test", "A", "A 127.0.0.10")]
    [InlineData("app.vigil.test", "AAAA", "AAAA ::10")]
    [InlineData("www.vigil.test", "CNAME", "CNAME app.vigil.test")]
    [InlineData("vigil.test", "MX", "MX 10 mail.vigil.test")]
    [InlineData("vigil.test", "NS", "NS ns1.vigil.test")]
    [InlineData("vigil.test", "TXT", "TXT \"v=spf1 -all\"")]
    [InlineData("split.vigil.test", "txt", "TXT \"part onepart two\"")]
    [InlineData("www.vigil.test", "A", "A 127.0.0.10")]
    public async Task Run_ChosenResolver_ListsTheAnswers(string hostname, string recordType, string message)
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = hostname, RecordType = recordType, Resolver = dnsmasq.Resolver });

        Assert.True(result.Ok, result.Message);
        Assert.Equal(message, result.Message);
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [Fact]
    public async Task Run_SeveralAddresses_ListsThemAll()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "multi.vigil.test", Resolver = dnsmasq.Resolver });

        Assert.True(result.Ok, result.Message);
        Assert.StartsWith("A ", result.Message);
        Assert.Contains("127.0.0.11", result.Message);
        Assert.Contains("127.0.0.12", result.Message);
    }

    [Theory]
    [InlineData("multi.vigil.test", "A", "127.0.0.12", "127.0.0.11")]
    [InlineData("app.vigil.test", "AAAA", "0:0:0:0:0:0:0:10", null)]
    [InlineData("www.vigil.test", "CNAME", "APP.Vigil.Test.", null)]
    [InlineData("vigil.test", "MX", "10 mail.vigil.test", "MAIL.vigil.test.")]
    [InlineData("vigil.test", "NS", "ns1.vigil.test", null)]
    [InlineData("vigil.test", "TXT", "v=spf1 -all", null)]
    [InlineData("split.vigil.test", "TXT", "part onepart two", null)]
    public async Task Run_ExpectedValuesAllPresent_Succeeds(string hostname, string recordType, string expected, string? alsoExpected)
    {
        string[] values = alsoExpected is null ? [expected] : [expected, alsoExpected];

        var result = await RunAsync(new DnsCheckSpec { Hostname = hostname, RecordType = recordType, Resolver = dnsmasq.Resolver, Expected = values });

        Assert.True(result.Ok, result.Message);
    }

    [Theory]
    [InlineData("multi.vigil.test", "A", "127.0.0.13")]
    [InlineData("app.vigil.test", "AAAA", "::11")]
    [InlineData("www.vigil.test", "CNAME", "other.vigil.test")]
    [InlineData("vigil.test", "MX", "20 mail.vigil.test")]
    [InlineData("vigil.test", "TXT", "V=SPF1 -ALL")]
    public async Task Run_ExpectedValueMissing_FailsAsAssertion(string hostname, string recordType, string expected)
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = hostname, RecordType = recordType, Resolver = dnsmasq.Resolver, Expected = [expected] });

        Assert.False(result.Ok);
        Assert.Equal(CheckError.Assertion, result.Error);
        Assert.StartsWith($"missing {expected}; got {recordType} ", result.Message);
    }

    [Fact]
    public async Task Run_ManyAnswers_FallsBackToTcpAndSeesThemAll()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "big.vigil.test", Resolver = dnsmasq.Resolver, Expected = ["10.0.0.1", $"10.0.0.{DnsmasqServer.BigRecordCount}"] });

        Assert.True(result.Ok, result.Message);
        Assert.EndsWith("…", result.Message);
        Assert.Equal(200, result.Message.Length);
    }

    [Fact]
    public async Task Run_UnknownName_FailsAsDnsWithNxDomain()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "nope.vigil.test", Resolver = dnsmasq.Resolver });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.StartsWith("NXDOMAIN for nope.vigil.test", result.Message);
    }

    [Fact]
    public async Task Run_NameTheServerWillNotAnswer_FailsAsDnsWithRefused()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "example.invalid", Resolver = dnsmasq.Resolver });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.StartsWith("REFUSED", result.Message);
    }

    [Fact]
    public async Task Run_NoRecordsOfThatType_FailsAsDns()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "app.vigil.test", RecordType = "MX", Resolver = dnsmasq.Resolver });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.Equal("no MX records for app.vigil.test", result.Message);
    }

    [Fact]
    public async Task Run_NothingListeningAtTheResolver_FailsAsConnect()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "app.vigil.test", Resolver = $"127.0.0.1:{ClosedUdpPort()}" });

        Assert.Equal(CheckError.Connect, result.Error);
    }

    [Fact]
    public async Task Run_ResolverHostUnknown_FailsAsDnsNamingTheResolver()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "app.vigil.test", Resolver = "vigil-no-such-resolver.invalid:53" });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.StartsWith("resolver vigil-no-such-resolver.invalid:53: ", result.Message);
    }

    [Fact]
    public async Task Run_NoResolverAndNoNameserver_FailsWithAClearMessage()
    {
        var resolvConf = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(resolvConf, "options ndots:1\n");
            var result = await new DnsProbe(resolvConf).RunAsync(new DnsCheckSpec { Hostname = "vigil.test", RecordType = "TXT" }, Timeout(5));

            Assert.Equal(CheckError.Dns, result.Error);
            Assert.Equal($"no resolver given and no nameserver in {resolvConf}", result.Message);
        }
        finally
        {
            File.Delete(resolvConf);
        }
    }

    [Fact]
    public async Task Run_SystemResolverForLocalhost_Answers127001()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "localhost", Expected = ["127.0.0.1"] });

        Assert.True(result.Ok, result.Message);
        Assert.StartsWith("A 127.0.0.1", result.Message);
    }

    [Fact]
    public async Task Run_SystemResolverUnknownName_FailsAsDns()
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = "vigil-no-such-host.invalid" });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.StartsWith("vigil-no-such-host.invalid: ", result.Message);
    }

    [Fact]
    public async Task Run_ServerNeverAnswers_LetsCancellationEscape()
    {
        await using var silent = new FakeDnsServer(_ => []);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _probe.RunAsync(new DnsCheckSpec { Hostname = "app.vigil.test", Resolver = silent.EndPoint.ToString() }, Timeout(0.3)));
        Assert.True(silent.QueriesReceived >= 1);
    }

    [Fact]
    public async Task Run_GarbageReply_FailsAsProtocol()
    {
        await using var garbage = new FakeDnsServer(query => [FakeDnsServer.WithQueryId(query, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xFF, 0x13, 0x37)]);

        var result = await RunAsync(new DnsCheckSpec { Hostname = "app.vigil.test", Resolver = garbage.EndPoint.ToString() });

        Assert.Equal(CheckError.Protocol, result.Error);
        Assert.StartsWith($"bad DNS reply from {garbage.EndPoint}: ", result.Message);
    }

    [Fact]
    public async Task Run_ServFail_FailsAsDns()
    {
        await using var failing = new FakeDnsServer(query => [FakeDnsServer.WithQueryId(query, 0x81, 0x82, 0, 0, 0, 0, 0, 0, 0, 0)]);

        var result = await RunAsync(new DnsCheckSpec { Hostname = "app.vigil.test", RecordType = "TXT", Resolver = failing.EndPoint.ToString() });

        Assert.Equal(CheckError.Dns, result.Error);
        Assert.StartsWith("SERVFAIL for app.vigil.test", result.Message);
    }

    [Theory]
    [InlineData("SOA", CheckError.Protocol)]
    [InlineData("A", CheckError.Dns, "bad..name")]
    public async Task Run_UnusableSpec_FailsWithoutAsking(string recordType, CheckError error, string hostname = "vigil.test")
    {
        var result = await RunAsync(new DnsCheckSpec { Hostname = hostname, RecordType = recordType, Resolver = dnsmasq.Resolver });

        Assert.Equal(error, result.Error);
    }

    private static int ClosedUdpPort()
    {
        using var socket = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    private Task<ProbeResult> RunAsync(DnsCheckSpec spec) => _probe.RunAsync(spec, Timeout(5));

    private static CancellationToken Timeout(double seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
