using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.LoadTest.Driving;

/// <summary>
/// Plain-socket HTTP/1.1 for the requests HttpClient will not send: a body shorter than its Content-Length, headers
/// that never end. Only for http:// targets (the abuse scenario skips these parts for https).
/// </summary>
internal static class RawHttp
{
    public static async Task<Socket> ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, url.Port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static Task SendAsync(Socket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, cancellationToken).AsTask();

    /// <summary>Reads up to the end of the status line; the status code, or null if the server closed first.</summary>
    public static async Task<int?> ReadStatusAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (n == 0)
                break;
            filled += n;
            if (buffer.AsSpan(0, filled).IndexOf("\r\n"u8) >= 0)
                break;
        }
        return ParseStatus(buffer.AsSpan(0, filled));
    }

    internal static int? ParseStatus(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith("HTTP/1."u8) || head.Length < 12)
            return null;
        return Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _) ? status : null;
    }

    /// <summary>The request target for a path under the base URL (keeps a base path prefix).</summary>
    public static string Target(Uri baseUrl, string relative) => new Uri(baseUrl, relative).PathAndQuery;
}
