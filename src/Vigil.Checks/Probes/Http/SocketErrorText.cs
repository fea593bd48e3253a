using System.Net.Sockets;

namespace Vigil.Checks.Probes.Http;

/// <summary>Short, stable wording for socket errors; the OS messages differ between platforms.</summary>
internal static class SocketErrorText
{
    public static string Describe(SocketException exception) => exception.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.TimedOut => "connect timed out",
        SocketError.HostNotFound => "host not found",
        SocketError.TryAgain => "temporary name resolution failure",
        SocketError.NoData => "no address for host",
        _ => exception.Message,
    };
}
