using System.Net;
using System.Net.Sockets;

namespace Vigil.Checks.Tests.Dns;

/// <summary>
/// A UDP socket on 127.0.0.1 that answers each query with the datagrams its reply function builds from it
/// (nothing at all when it returns no datagrams): for replies no real server sends.
/// </summary>
internal sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _queriesReceived;

    public FakeDnsServer(Func<byte[], IEnumerable<byte[]>> reply)
    {
        EndPoint = (IPEndPoint)_socket.Client.LocalEndPoint!;
        _loop = ServeAsync(reply);
    }

    public IPEndPoint EndPoint { get; }

    public int QueriesReceived => Volatile.Read(ref _queriesReceived);

    /// <summary>Answers with the query's id and the given bytes after it.</summary>
    public static byte[] WithQueryId(byte[] query, params byte[] rest) => [query[0], query[1], .. rest];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The loop ends by cancellation or by the socket closing under it.
        }
        _stop.Dispose();
    }

    private async Task ServeAsync(Func<byte[], IEnumerable<byte[]>> reply)
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(_stop.Token);
            Interlocked.Increment(ref _queriesReceived);
            foreach (var datagram in reply(received.Buffer))
                await _socket.SendAsync(datagram, received.RemoteEndPoint, _stop.Token);
        }
    }
}
