using System.Net;
using System.Net.Sockets;
using Vigil.Core.Checks;

namespace Vigil.Checks.Probes.Http;

/// <summary>Resolves a host through the <see cref="DnsCache"/> and connects to the first of its addresses that answers.</summary>
internal static class SocketConnector
{
    /// <summary>Records the DNS and connect phases on <paramref name="timeline"/>, and on failure the error class and message.</summary>
    /// <exception cref="SocketException">Name resolution or every connect attempt failed.</exception>
    public static async ValueTask<Socket> ConnectAsync(
        DnsCache dns, string host, int port, ConnectionTimeline timeline, TimeProvider time, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
            addresses = [literal];
        else
        {
            timeline.DnsStartedAt = time.GetTimestamp();
            try
            {
                addresses = await dns.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException exception)
            {
                timeline.Fail(CheckError.Dns, $"could not resolve {host}: {SocketErrorText.Describe(exception)}");
                throw;
            }
            timeline.DnsDoneAt = time.GetTimestamp();
        }

        timeline.ConnectStartedAt = time.GetTimestamp();
        SocketException? lastFailure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                timeline.ConnectedAt = time.GetTimestamp();
                return socket;
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                lastFailure = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        timeline.Fail(CheckError.Connect, $"{SocketErrorText.Describe(lastFailure!)} ({host}:{port})");
        throw lastFailure!;
    }
}
