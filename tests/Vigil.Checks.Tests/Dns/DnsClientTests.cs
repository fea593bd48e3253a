using System.Net;
using Vigil.Checks.Protocols.Dns;
using Vigil.Checks.Tests.Fixtures;

namespace Vigil.Checks.Tests.Dns;

public sealed class DnsClientTests(DnsmasqServer dnsmasq) : IClassFixture<DnsmasqServer>
{
    private static readonly DnsQuestion BigA = new("big.vigil.test", DnsRecordType.A);

    [Fact]
    public async Task QueryAsync_ReplyTruncatedOverUdp_AsksAgainOverTcp()
    {
        // Over UDP alone dnsmasq sends a 512-byte reply with the TC bit and only part of the records.
        var udpOnly = await UdpReplyAsync(dnsmasq.EndPoint, BigA);
        Assert.True(udpOnly.Truncated);

        var response = await DnsClient.QueryAsync(dnsmasq.EndPoint, BigA, Timeout());

        Assert.False(response.Truncated);
        Assert.Equal(DnsmasqServer.BigRecordCount, response.Answers.Count(answer => answer.Type == DnsRecordType.A));
    }

    [Fact]
    public async Task QueryAsync_Answer_CarriesTheTtl()
    {
        var response = await DnsClient.QueryAsync(dnsmasq.EndPoint, new DnsQuestion("app.vigil.test", DnsRecordType.A), Timeout());

        var answer = Assert.Single(response.Answers);
        Assert.Equal(IPAddress.Parse("127.0.0.10"), answer.Address);
        Assert.True(answer.Ttl > TimeSpan.Zero);
    }

    [Fact]
    public async Task QueryAsync_StrayReplyWithOtherId_IsIgnored()
    {
        var question = new DnsQuestion("app.vigil.test", DnsRecordType.A);
        await using var server = new FakeDnsServer(query =>
        {
            var stray = new DnsReplyBuilder().Header((ushort)(query[0] << 8 ^ query[1] ^ 1), 0x8180, 0, 0).ToArray();
            var reply = new DnsReplyBuilder().Header((ushort)(query[0] << 8 | query[1]), 0x8180, 1, 1).Question(question.Name, 1);
            reply.Pointer(12).Record(1, 60, data => data.Bytes(127, 0, 0, 7));
            return [stray, reply.ToArray()];
        });

        var response = await DnsClient.QueryAsync(server.EndPoint, question, Timeout());

        Assert.Equal(IPAddress.Parse("127.0.0.7"), Assert.Single(response.Answers).Address);
    }

    [Fact]
    public async Task QueryAsync_FirstDatagramLost_ResendsOverUdp()
    {
        var question = new DnsQuestion("app.vigil.test", DnsRecordType.A);
        var seen = 0;
        await using var server = new FakeDnsServer(query =>
        {
            if (Interlocked.Increment(ref seen) == 1)
                return [];
            var reply = new DnsReplyBuilder().Header((ushort)(query[0] << 8 | query[1]), 0x8180, 1, 1).Question(question.Name, 1);
            reply.Pointer(12).Record(1, 60, data => data.Bytes(127, 0, 0, 8));
            return [reply.ToArray()];
        });

        var response = await DnsClient.QueryAsync(server.EndPoint, question, Timeout());

        Assert.Equal(IPAddress.Parse("127.0.0.8"), Assert.Single(response.Answers).Address);
        Assert.Equal(2, server.QueriesReceived);
    }

    private static async Task<DnsResponse> UdpReplyAsync(IPEndPoint server, DnsQuestion question)
    {
        using var udp = new System.Net.Sockets.UdpClient(System.Net.Sockets.AddressFamily.InterNetwork);
        const ushort id = 0x4242;
        await udp.SendAsync(DnsQueryWriter.Write(id, question), server, Timeout());
        var reply = await udp.ReceiveAsync(Timeout());
        return DnsResponseParser.Parse(reply.Buffer, id, question);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token;
}
