using System.Net;
using System.Net.Sockets;

namespace Vigil.Checks.Tests.Fixtures;

/// <summary>Free loopback ports for test servers, and a wait until a server accepts connections.</summary>
public static class ProbeTestPorts
{
    /// <summary>A port that was free a moment ago; the caller retries its start-up if another process took it since.</summary>
    public static int PickFree()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>A port nothing listens on (picked free, then left closed): connecting to it is refused.</summary>
    public static int Closed() => PickFree();

    public static async Task WaitUntilAcceptingAsync(int port, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, timeout.Token);
            }
        }
    }
}
