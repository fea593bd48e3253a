using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Checks.Tests.Fixtures;

/// <summary>
/// A TCP server on a free 127.0.0.1 port that runs one script per accepted connection: a banner then echo,
/// a banner then close, or silence (accept and never answer, for timeouts).
/// </summary>
public sealed class ScriptedTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<NetworkStream, CancellationToken, Task> _script;
    private readonly Task _acceptLoop;

    private ScriptedTcpServer(Func<NetworkStream, CancellationToken, Task> script)
    {
        _script = script;
        // Port 0: the OS picks a free port at bind time, so no race with other tests.
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Writes <paramref name="banner"/> on connect, then echoes whatever arrives.</summary>
    public static ScriptedTcpServer BannerThenEcho(string banner) => new(async (stream, token) =>
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(banner), token);
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, token)) > 0)
            await stream.WriteAsync(buffer.AsMemory(0, read), token);
    });

    /// <summary>Writes <paramref name="banner"/> on connect, then closes.</summary>
    public static ScriptedTcpServer BannerThenClose(string banner) => new(async (stream, token) =>
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(banner), token);
        stream.Socket.Shutdown(SocketShutdown.Send);
    });

    /// <summary>Accepts, reads and discards, never writes.</summary>
    public static ScriptedTcpServer Silent() => new(async (stream, token) =>
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, token) > 0)
        {
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await _script(client.GetStream(), _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The probe hung up or the server is stopping.
            }
        }
    }
}
