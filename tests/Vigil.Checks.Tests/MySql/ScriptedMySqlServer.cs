using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Checks.Tests.MySql;

/// <summary>
/// A one-connection fake MySQL server on a loopback port that plays a script, for the login paths a real MariaDB
/// never takes (caching_sha2_password, an AuthSwitchRequest). Frames are built here by hand, apart from the client code.
/// </summary>
internal sealed class ScriptedMySqlServer : IAsyncDisposable
{
    public const uint Capabilities = 0x0000_0001 | 0x0000_0008 | 0x0000_0200 | 0x0000_8000 | 0x0008_0000;

    private readonly TcpListener _listener;

    private ScriptedMySqlServer(TcpListener listener, Func<NetworkStream, Task> script)
    {
        _listener = listener;
        Completion = RunAsync(script);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Ends when the script has run; faults with the script's failed assertion.</summary>
    public Task Completion { get; }

    public static ScriptedMySqlServer Start(Func<NetworkStream, Task> script)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new ScriptedMySqlServer(listener, script);
    }

    /// <summary>A protocol-10 handshake announcing <paramref name="plugin"/> and a 20-byte <paramref name="nonce"/>.</summary>
    public static byte[] Handshake(string plugin, byte[] nonce)
    {
        var packet = new List<byte> { 10 };
        packet.AddRange("8.4.0-scripted\0"u8.ToArray());
        packet.AddRange(BitConverter.GetBytes(77u));
        packet.AddRange(nonce[..8]);
        packet.Add(0);
        packet.AddRange(BitConverter.GetBytes((ushort)(Capabilities & 0xFFFF)));
        packet.Add(45);
        packet.AddRange(BitConverter.GetBytes((ushort)2));
        packet.AddRange(BitConverter.GetBytes((ushort)(Capabilities >> 16)));
        packet.Add(21);
        packet.AddRange(new byte[10]);
        packet.AddRange(nonce[8..]);
        packet.Add(0);
        packet.AddRange(Encoding.ASCII.GetBytes(plugin + "\0"));
        return [.. packet];
    }

    public static readonly byte[] Ok = [0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00];

    public static async Task WriteAsync(Stream stream, byte sequence, byte[] payload)
    {
        await stream.WriteAsync(new byte[] { (byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), sequence });
        await stream.WriteAsync(payload);
    }

    public static async Task<byte[]> ReadAsync(Stream stream, byte expectedSequence)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header);
        Assert.Equal(expectedSequence, header[3]);
        var payload = new byte[header[0] | header[1] << 8 | header[2] << 16];
        await stream.ReadExactlyAsync(payload);
        return payload;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await Completion;
        }
        catch (Exception)
        {
            // The test already awaited Completion when it cared about the script's outcome.
        }
    }

    private async Task RunAsync(Func<NetworkStream, Task> script)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        await script(client.GetStream());
    }
}
