using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Checks.Protocols.Dns;

/// <summary>Where to send queries: a resolver as a monitor names it, or the machine's own from resolv.conf.</summary>
internal static class DnsServerAddress
{
    public const int DefaultPort = 53;
    public const string ResolvConfPath = "/etc/resolv.conf";

    /// <summary>
    /// Reads "127.0.0.1", "127.0.0.1:5353", "::1", "[::1]:5353", "ns1.example.com" or "ns1.example.com:5353" (port 53
    /// when none is given). A host name is looked up with the system resolver. Throws <see cref="FormatException"/>
    /// for text that is none of these.
    /// </summary>
    public static async Task<IPEndPoint> ResolveAsync(string resolver, CancellationToken cancellationToken)
    {
        var text = resolver.Trim();
        if (IPEndPoint.TryParse(text, out var endPoint))
            return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, DefaultPort) : endPoint;

        var host = text;
        var port = DefaultPort;
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            host = text[..colon];
            if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is 0 or > IPEndPoint.MaxPort)
                throw new FormatException($"resolver '{resolver}' has no valid port");
        }
        if (host.Length == 0 || host.Contains(':') || Uri.CheckHostName(host) != UriHostNameType.Dns)
            throw new FormatException($"resolver '{resolver}' is not an address or host name");
        var addresses = await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return addresses.Length > 0
            ? new IPEndPoint(addresses[0], port)
            : throw new SocketException((int)SocketError.HostNotFound, $"resolver host {host} has no address");
    }

    /// <summary>The first "nameserver" line of a resolv.conf, or null when the file is missing or names none.</summary>
    public static IPEndPoint? FromResolvConf(string path = ResolvConfPath)
    {
        if (!File.Exists(path))
            return null;
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["nameserver", var address, ..] && IPAddress.TryParse(address, out var ip))
                return new IPEndPoint(ip, DefaultPort);
        }
        return null;
    }
}
