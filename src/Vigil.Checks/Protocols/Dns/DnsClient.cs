using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Vigil.Checks.Protocols.Dns;

/// <summary>
/// Asks one DNS server one question: over UDP, and again over TCP when the UDP reply comes back truncated
/// (RFC 1035 4.2, RFC 7766). Waits as long as the token allows, resending over UDP in case a datagram was lost.
/// Throws <see cref="DnsProtocolException"/> for a reply that does not decode and <see cref="SocketException"/>
/// when the server cannot be reached (a refused TCP connect, or the ICMP "port unreachable" a connected UDP socket reports).
/// </summary>
internal static class DnsClient
{
    private const int MaxMessageLength = ushort.MaxValue;
    private static readonly TimeSpan FirstResend = TimeSpan.FromSeconds(1);

    public static async Task<DnsResponse> QueryAsync(IPEndPoint server, DnsQuestion question, CancellationToken cancellationToken)
    {
        // A random id makes forged replies hard to slip in; it is not a secret beyond that.
        var id = (ushort)RandomNumberGenerator.GetInt32(0, 0x10000);
        var query = DnsQueryWriter.Write(id, question);
        var response = await QueryUdpAsync(server, query, id, question, cancellationToken).ConfigureAwait(false);
        return response.Truncated
            ? await QueryTcpAsync(server, query, id, question, cancellationToken).ConfigureAwait(false)
            : response;
    }

    private static async Task<DnsResponse> QueryUdpAsync(IPEndPoint server, byte[] query, ushort id, DnsQuestion question, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Connected, so the kernel drops datagrams from other sources and reports an unreachable port.
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessageLength);
        try
        {
            var resendAfter = FirstResend;
            while (true)
            {
                await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(resendAfter);
                try
                {
                    while (true)
                    {
                        var received = await socket.ReceiveAsync(buffer.AsMemory(0, MaxMessageLength), SocketFlags.None, attempt.Token).ConfigureAwait(false);
                        // A reply with another id answers an earlier query (or is forged): wait on for ours.
                        if (received >= 2 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id)
                            return DnsResponseParser.Parse(buffer.AsSpan(0, received), id, question);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    resendAfter *= 2;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<DnsResponse> QueryTcpAsync(IPEndPoint server, byte[] query, ushort id, DnsQuestion question, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        await stream.WriteAsync(framed, cancellationToken).ConfigureAwait(false);

        var lengthPrefix = new byte[2];
        try
        {
            await stream.ReadExactlyAsync(lengthPrefix, cancellationToken).ConfigureAwait(false);
            var reply = new byte[BinaryPrimitives.ReadUInt16BigEndian(lengthPrefix)];
            await stream.ReadExactlyAsync(reply, cancellationToken).ConfigureAwait(false);
            var response = DnsResponseParser.Parse(reply, id, question);
            return response.Truncated ? throw new DnsProtocolException("reply over TCP is truncated too") : response;
        }
        catch (EndOfStreamException)
        {
            throw new DnsProtocolException("server closed the TCP connection before its reply was complete");
        }
    }
}
