using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Checks.Protocols;

/// <summary>A connected socket and how long getting there took: the DNS and connect phases of a check.</summary>
/// <param name="DnsTime">Null when the host was an IP address.</param>
public readonly record struct TcpConnection(Socket Socket, TimeSpan? DnsTime, TimeSpan ConnectTime);

/// <summary>Opens the TCP connections of the database protocols: resolve, then try every address the name has.</summary>
public static class TcpConnector
{
    public static async Task<TcpConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        TimeSpan? dnsTime = null;
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
            addresses = [literal];
        else
        {
            addresses = await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            if (addresses.Length == 0)
                throw new SocketException((int)SocketError.HostNotFound);
            dnsTime = Stopwatch.GetElapsedTime(started);
        }

        // Dual mode, so one socket can try every address the name has, IPv6 and IPv4 alike.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connectStarted = Stopwatch.GetTimestamp();
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new TcpConnection(socket, dnsTime, Stopwatch.GetElapsedTime(connectStarted));
    }

    /// <summary>
    /// Whether an idle pooled connection is still in step with its server, without a round trip: an idle connection
    /// has nothing to read, so readable means the server closed it (a kill, a timeout, a restart) or sent something
    /// unasked, and either way the next reply would not be ours.
    /// </summary>
    public static bool IsQuiet(Socket socket)
    {
        try
        {
            return !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
