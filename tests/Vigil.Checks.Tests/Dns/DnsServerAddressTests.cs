using System.Net;
using Vigil.Checks.Protocols.Dns;

namespace Vigil.Checks.Tests.Dns;

public sealed class DnsServerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("::1", "[::1]:53")]
    [InlineData("[::1]", "[::1]:53")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    [InlineData(" localhost:5353 ", "127.0.0.1:5353")]
    public async Task ResolveAsync_AddressOrHost_GivesEndPointWithPort53ByDefault(string resolver, string expected)
    {
        var endPoint = await DnsServerAddress.ResolveAsync(resolver, CancellationToken.None);

        // localhost may come back as ::1 first on some machines; the port is what this test is about.
        Assert.Equal(IPEndPoint.Parse(expected).Port, endPoint.Port);
        if (!resolver.Contains("localhost"))
            Assert.Equal(IPEndPoint.Parse(expected), endPoint);
    }

    [Theory]
    [InlineData("127.0.0.1:70000")]
    [InlineData("dns.example:x")]
    [InlineData("bad host:53")]
    [InlineData(":53")]
    public async Task ResolveAsync_Malformed_ThrowsFormatException(string resolver) =>
        await Assert.ThrowsAsync<FormatException>(() => DnsServerAddress.ResolveAsync(resolver, CancellationToken.None));

    [Fact]
    public void FromResolvConf_TakesTheFirstNameserver()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# generated\nsearch vigil.test\nnameserver\tfe80::1%1\nnameserver 10.0.0.2\n");

            var endPoint = DnsServerAddress.FromResolvConf(path);

            Assert.Equal(new IPEndPoint(IPAddress.Parse("fe80::1%1"), 53), endPoint);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromResolvConf_MissingFileOrNoNameserver_IsNull()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "nameserver not-an-address\noptions ndots:1\n");

            Assert.Null(DnsServerAddress.FromResolvConf(path));
            Assert.Null(DnsServerAddress.FromResolvConf(path + ".missing"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
