using System.Diagnostics;
using System.Net.Sockets;
using Vigil.Checks.Pooling;

namespace Vigil.Checks.Protocols.MySql;

/// <summary>
/// One logged-in connection to a MySQL or MariaDB server, speaking just enough of the client/server protocol for a
/// health check: login, COM_PING and a text-protocol COM_QUERY whose first value is read. Plain TCP only, no TLS.
/// Not thread-safe: one command at a time, which is how a pool lease uses it.
/// </summary>
public sealed class MySqlConnection : IPooledConnection
{
    private const byte ComQuit = 0x01;
    private const byte ComQuery = 0x03;
    private const byte ComPing = 0x0E;
    private const byte LocalInfileRequest = 0xFB;

    private readonly Socket _socket;
    private readonly MySqlPacketStream _packets;
    private bool _broken;
    private bool _disposed;

    private MySqlConnection(Socket socket, MySqlPacketStream packets, InitialHandshake handshake, TimeSpan? dnsTime, TimeSpan openTime)
    {
        _socket = socket;
        _packets = packets;
        ServerVersion = handshake.ServerVersion;
        ConnectionId = handshake.ConnectionId;
        DnsTime = dnsTime;
        OpenTime = openTime;
    }

    /// <summary>The version string the server announced ("10.11.6-MariaDB", "8.4.2").</summary>
    public string ServerVersion { get; }

    /// <summary>The server's id for this connection, as KILL and the process list know it.</summary>
    public uint ConnectionId { get; }

    /// <summary>Time spent resolving the host name; null when the host was an IP address.</summary>
    public TimeSpan? DnsTime { get; }

    /// <summary>Time from the start of <see cref="OpenAsync"/> to a completed login, DNS included.</summary>
    public TimeSpan OpenTime { get; }

    /// <summary>False after a protocol error or a cancelled command (the stream may hold unread bytes), and once
    /// the server has closed its end or sent anything unasked (MySQL 8 sends an ERR before closing an idle session),
    /// all seen without a round trip.</summary>
    public bool IsUsable => !_broken && !_disposed && TcpConnector.IsQuiet(_socket);

    /// <summary>Connects, reads the handshake and logs in. Socket errors (refused, unreachable, unknown host) escape as
    /// <see cref="SocketException"/>; a refused login as <see cref="MySqlServerException"/> or <see cref="MySqlAuthenticationException"/>.</summary>
    public static async Task<MySqlConnection> OpenAsync(string host, int port, string user, string? password, string? database,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (socket, dnsTime, _) = await TcpConnector.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = new BufferedStream(new NetworkStream(socket, ownsSocket: false), 8192);
            var packets = new MySqlPacketStream(stream);
            var handshakePacket = await packets.ReadPacketAsync(cancellationToken).ConfigureAwait(false);
            var handshake = InitialHandshake.Parse(handshakePacket.Span);
            await MySqlLogin.LoginAsync(packets, handshake, user, password, database, cancellationToken).ConfigureAwait(false);
            return new MySqlConnection(socket, packets, handshake, dnsTime, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>COM_PING: one round trip that proves the server is answering on this session.</summary>
    public Task PingAsync(CancellationToken cancellationToken) => RunCommandAsync(async token =>
    {
        await SendCommandAsync(ComPing, null, token).ConfigureAwait(false);
        var reply = await _packets.ReadPacketAsync(token).ConfigureAwait(false);
        ExpectOk(reply.Span, "COM_PING");
        return (string?)null;
    }, cancellationToken);

    /// <summary>COM_QUERY: runs <paramref name="sql"/> and returns the first column of the first row as text: null when
    /// that value is NULL or the statement returned no rows. The rest of the result is read and discarded.</summary>
    public Task<string?> QueryScalarAsync(string sql, CancellationToken cancellationToken) => RunCommandAsync(async token =>
    {
        await SendCommandAsync(ComQuery, sql, token).ConfigureAwait(false);
        string? first = null;
        var seenRow = false;
        var more = true;
        while (more)
        {
            var header = await _packets.ReadPacketAsync(token).ConfigureAwait(false);
            if (ReadResultHeader(header.Span, out more) is not { } columns)
                continue;
            var result = await ReadResultSetAsync(columns, token).ConfigureAwait(false);
            if (result.HasRow && !seenRow)
                (first, seenRow) = (result.FirstValue, true);
            more = result.MoreResults;
        }
        return first;
    }, cancellationToken);

    /// <summary>Sends COM_QUIT, best effort, and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        if (!_broken)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await SendCommandAsync(ComQuit, null, quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server may be gone already; closing the socket below is all that matters then.
            }
        }
        _disposed = true;
        _socket.Dispose();
    }

    /// <summary>Runs one command. An ERR reply leaves the session in step; anything else that goes wrong mid-command
    /// (cancellation, I/O, a packet we cannot read) may leave bytes in flight, so the connection is never used again.</summary>
    private async Task<string?> RunCommandAsync(Func<CancellationToken, Task<string?>> command, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_broken)
            throw new InvalidOperationException("the connection broke during an earlier command");
        try
        {
            return await command(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not MySqlServerException)
        {
            _broken = true;
            throw;
        }
    }

    private ValueTask SendCommandAsync(byte command, string? argument, CancellationToken cancellationToken)
    {
        _packets.ResetSequence();
        var payload = new PayloadWriter().WriteByte(command);
        if (argument is not null)
            payload.WriteString(argument);
        return _packets.WritePacketAsync(payload.Written, cancellationToken);
    }

    /// <summary>The first packet of a statement's reply: OK (no result set; <paramref name="moreResults"/> from its status),
    /// ERR, or the column count of a result set.</summary>
    private static ulong? ReadResultHeader(ReadOnlySpan<byte> header, out bool moreResults)
    {
        moreResults = false;
        switch (header)
        {
            case []:
                throw new MySqlProtocolException("empty reply to COM_QUERY");
            case [ServerPackets.Ok, ..]:
                moreResults = (ServerPackets.ReadOkStatus(header) & ServerPackets.MoreResultsExist) != 0;
                return null;
            case [ServerPackets.Err, ..]:
                throw ServerPackets.ReadError(header);
            case [LocalInfileRequest, ..]:
                throw new MySqlProtocolException("the query asks to upload a local file; Vigil refuses");
        }
        var reader = new PayloadReader(header);
        var columns = reader.ReadLengthEncodedInteger();
        if (columns == 0 || !reader.AtEnd)
            throw new MySqlProtocolException("malformed column count in result set");
        return columns;
    }

    /// <summary>Reads the rest of a text result set: column definitions, EOF, rows, EOF. Keeps only the first row's first value.</summary>
    private async Task<(bool HasRow, string? FirstValue, bool MoreResults)> ReadResultSetAsync(ulong columns, CancellationToken cancellationToken)
    {
        // Vigil does not set CLIENT_DEPRECATE_EOF, so an EOF packet ends the column definitions.
        for (ulong i = 0; i < columns; i++)
            await _packets.ReadPacketAsync(cancellationToken).ConfigureAwait(false);
        var endOfColumns = await _packets.ReadPacketAsync(cancellationToken).ConfigureAwait(false);
        if (!ServerPackets.IsEof(endOfColumns.Span))
            throw new MySqlProtocolException("expected EOF after the column definitions");

        var hasRow = false;
        string? firstValue = null;
        while (true)
        {
            var row = await _packets.ReadPacketAsync(cancellationToken).ConfigureAwait(false);
            if (ServerPackets.IsEof(row.Span))
                return (hasRow, firstValue, (ServerPackets.ReadEofStatus(row.Span) & ServerPackets.MoreResultsExist) != 0);
            if (row.Length > 0 && row.Span[0] == ServerPackets.Err)
                throw ServerPackets.ReadError(row.Span);
            if (!hasRow)
            {
                firstValue = new PayloadReader(row.Span).ReadLengthEncodedStringOrNull();
                hasRow = true;
            }
        }
    }

    private static void ExpectOk(ReadOnlySpan<byte> reply, string command)
    {
        if (reply.Length > 0 && reply[0] == ServerPackets.Err)
            throw ServerPackets.ReadError(reply);
        if (reply.Length == 0 || reply[0] != ServerPackets.Ok)
            throw new MySqlProtocolException($"unexpected reply to {command}");
    }
}
