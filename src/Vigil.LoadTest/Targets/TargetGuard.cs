using System.Net;

namespace Vigil.LoadTest.Targets;

/// <summary>
/// Load goes to this machine only unless the user says otherwise: the target's host is resolved and every address
/// must be loopback, or the run is refused before a single request is sent.
/// </summary>
public static class TargetGuard
{
    /// <summary>Null when the target may be driven; otherwise why not.</summary>
    public static async Task<string?> CheckAsync(Uri url, bool allowRemote, CancellationToken cancellationToken)
    {
        if (allowRemote)
            return null;
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                return $"--url: cannot resolve '{url.Host}' ({e.Message})";
            }
        }
        if (addresses.Length == 0)
            return $"--url: '{url.Host}' resolves to no address";
        var remote = addresses.Where(a => !IPAddress.IsLoopback(a)).ToList();
        return remote.Count == 0
            ? null
            : $"--url: '{url.Host}' resolves to {string.Join(", ", remote)}, which is not a loopback address; " +
              "load tests target this machine only unless --allow-remote is given (and you own the target)";
    }
}
