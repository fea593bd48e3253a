using System.Net.Sockets;
using Vigil.Checks.Pooling;

namespace Vigil.Checks.Protocols.Redis;

/// <summary>
/// One RESP2 connection, authenticated and on its database once <see cref="OpenAsync"/> returns. Not thread-safe:
/// a pool lends it to one check at a time. Any failure inside a command leaves it unusable, because a reply
/// may still be in flight and the next command would read it.
/// </summary>
public sealed class RedisConnection : IPooledConnection
{
    private const int MaxBuffer = 2 * RespParser.MaxLength;
    private static readonly byte[] PingCommand = RespWriter.EncodeCommand("PING");
    private static readonly byte[] InfoCommand = RespWriter.EncodeCommand("INFO");

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;
    private bool _broken;
    private bool _disposed;

    private RedisConnection(Socket socket, TimeSpan? dnsTime, TimeSpan connectTime)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        DnsTime = dnsTime;
        ConnectTime = connectTime;
    }

    /// <summary>How long resolving the host took; null when it was an IP address.</summary>
    public TimeSpan? DnsTime { get; }

    /// <summary>How long the TCP connect took.</summary>
    public TimeSpan ConnectTime { get; }

    /// <summary>Unread buffered bytes would also mean the connection is out of step with the server.</summary>
    public bool IsUsable => !_broken && !_disposed && _start == _end && TcpConnector.IsQuiet(_socket);

    /// <summary>Connects, then sends AUTH (ACL style when <paramref name="username"/> is given) and SELECT when asked.</summary>
    public static async Task<RedisConnection> OpenAsync(string host, int port, string? username, string? password, int database, CancellationToken cancellationToken)
    {
        var (socket, dnsTime, connectTime) = await TcpConnector.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var connection = new RedisConnection(socket, dnsTime, connectTime);
        try
        {
            if (password is not null || username is not null)
            {
                string[] auth = username is null ? ["AUTH", password!] : ["AUTH", username, password ?? ""];
                await connection.ExpectOkAsync(RespWriter.EncodeCommand(auth), isAuth: true, cancellationToken).ConfigureAwait(false);
            }
            if (database != 0)
                await connection.ExpectOkAsync(RespWriter.EncodeCommand("SELECT", database.ToString(System.Globalization.CultureInfo.InvariantCulture)), isAuth: false, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends PING and returns the answer, which must be PONG.</summary>
    public async Task<string> PingAsync(CancellationToken cancellationToken)
    {
        var reply = await ExecuteAsync(PingCommand, isAuth: false, cancellationToken).ConfigureAwait(false);
        return reply is { Type: RespType.SimpleString, Text: "PONG" } ? reply.Text : throw new RedisProtocolException($"PING answered {reply}");
    }

    /// <summary>Sends INFO and returns its <c>field:value</c> lines; section headers (<c># Server</c>) are skipped.</summary>
    public async Task<IReadOnlyDictionary<string, string>> InfoAsync(CancellationToken cancellationToken)
    {
        var reply = await ExecuteAsync(InfoCommand, isAuth: false, cancellationToken).ConfigureAwait(false);
        if (reply.Type != RespType.BulkString)
            throw new RedisProtocolException($"INFO answered a {reply.Type}");

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in reply.Text!.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || colon <= 0)
                continue;
            fields[line[..colon]] = line[(colon + 1)..];
        }
        return fields;
    }

    /// <summary>Sends any command and returns its reply; an error reply throws <see cref="RedisServerException"/>.</summary>
    public Task<RespValue> CommandAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ExecuteAsync(RespWriter.EncodeCommand([.. arguments]), isAuth: false, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return _stream.DisposeAsync();
    }

    private async Task ExpectOkAsync(byte[] command, bool isAuth, CancellationToken cancellationToken)
    {
        var reply = await ExecuteAsync(command, isAuth, cancellationToken).ConfigureAwait(false);
        if (reply is not { Type: RespType.SimpleString, Text: "OK" })
            throw new RedisProtocolException($"expected OK, got {reply}");
    }

    private async Task<RespValue> ExecuteAsync(byte[] command, bool isAuth, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_broken)
            throw new InvalidOperationException("the connection is broken");

        RespValue reply;
        try
        {
            await _stream.WriteAsync(command, cancellationToken).ConfigureAwait(false);
            reply = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _broken = true;
            throw;
        }
        // An error reply is a complete reply: the connection stays in step and usable.
        return reply.Type == RespType.Error ? throw new RedisServerException(reply.Text!, isAuth) : reply;
    }

    private async Task<RespValue> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end > _start && RespParser.TryParse(_buffer.AsSpan(_start, _end - _start), out var reply, out var consumed))
            {
                _start += consumed;
                if (_start == _end)
                    _start = _end = 0;
                return reply;
            }
            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw new EndOfStreamException("the server closed the connection");
            _end += read;
        }
    }

    private void MakeRoom()
    {
        if (_end < _buffer.Length)
            return;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
            return;
        }
        if (_buffer.Length >= MaxBuffer)
            throw new RedisProtocolException("reply too large");
        Array.Resize(ref _buffer, _buffer.Length * 2);
    }
}
