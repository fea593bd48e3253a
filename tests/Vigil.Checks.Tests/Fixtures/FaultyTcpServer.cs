using System.Net;
using System.Net.Sockets;

namespace Vigil.Checks.Tests.Fixtures;

/// <summary>
/// A loopback TCP server for the fault cases a real server will not produce on demand: one that never answers,
/// one that answers garbage, one that drops a connection. <c>serve</c> gets each accepted connection's stream
/// and its index (0 for the first).
/// </summary>
public sealed class FaultyTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _acceptLoop;

    public FaultyTcpServer(Func<Stream, int, CancellationToken, Task> serve)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync(serve);
    }

    public int Port { get; }

    /// <summary>Accepts connections and holds them open without reading or writing a byte.</summary>
    public static FaultyTcpServer Silent() => new((_, _, stop) => Task.Delay(Timeout.Infinite, stop));

    /// <summary>Writes <paramref name="reply"/> on every connection, then holds it open.</summary>
    public static FaultyTcpServer Answering(byte[] reply) => new(async (stream, _, stop) =>
    {
        await stream.WriteAsync(reply, stop);
        await Task.Delay(Timeout.Infinite, stop);
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }
        lock (_clients)
        {
            foreach (var client in _clients)
                client.Dispose();
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<Stream, int, CancellationToken, Task> serve)
    {
        for (var index = 0; ; index++)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_clients)
                _clients.Add(client);
            var connection = index;
            _ = Task.Run(async () =>
            {
                try
                {
                    await serve(client.GetStream(), connection, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                    // The test is over or the client went away.
                }
            });
        }
    }
}
