using System.Net.Sockets;
using System.Text;
using Vigil.Checks.Pooling;

namespace Vigil.Checks.Protocols.Mongo;

/// <summary>
/// One MongoDB connection over OP_MSG: greeted with <c>hello</c> and, when a user is given, authenticated with
/// SCRAM-SHA-256 before <see cref="OpenAsync"/> returns. Not thread-safe: a pool lends it to one check at a time.
/// Any failure inside a command leaves it unusable, because a reply may still be in flight.
/// </summary>
public sealed class MongoConnection : IPooledConnection
{
    private const string Mechanism = "SCRAM-SHA-256";
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private int _lastRequestId;
    private bool _broken;
    private bool _disposed;

    private MongoConnection(Socket socket, TimeSpan? dnsTime, TimeSpan connectTime)
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

    public bool IsUsable => !_broken && !_disposed && TcpConnector.IsQuiet(_socket);

    /// <summary>Connects, sends <c>hello</c>, and authenticates against <paramref name="authDatabase"/> when <paramref name="username"/> is given.</summary>
    public static async Task<MongoConnection> OpenAsync(string host, int port, string? username, string? password, string authDatabase, CancellationToken cancellationToken)
    {
        var (socket, dnsTime, connectTime) = await TcpConnector.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var connection = new MongoConnection(socket, dnsTime, connectTime);
        try
        {
            await connection.HelloAsync(cancellationToken).ConfigureAwait(false);
            if (username is not null)
                await connection.AuthenticateAsync(username, password ?? "", authDatabase, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends <c>hello</c> to the admin database and returns the reply (already checked for <c>ok: 1</c>).</summary>
    public Task<BsonDocument> HelloAsync(CancellationToken cancellationToken) =>
        CommandAsync(new BsonDocument { { "hello", 1 } }, "admin", cancellationToken);

    /// <summary>Runs <paramref name="command"/> (its first field names it) against <paramref name="database"/>; a reply without <c>ok: 1</c> throws <see cref="MongoServerException"/>.</summary>
    public async Task<BsonDocument> CommandAsync(BsonDocument command, string database, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_broken)
            throw new InvalidOperationException("the connection is broken");

        var requestId = ++_lastRequestId;
        var message = new BsonDocument();
        foreach (var (name, value) in command)
            message.Add(name, value);
        message.Add("$db", database);
        BsonDocument reply;
        try
        {
            await _stream.WriteAsync(OpMsg.Encode(requestId, message), cancellationToken).ConfigureAwait(false);
            var header = new byte[OpMsg.HeaderLength];
            await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            var body = new byte[OpMsg.ReadReplyHeader(header, requestId)];
            await _stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            reply = OpMsg.DecodeReplyBody(body);
        }
        catch
        {
            _broken = true;
            throw;
        }
        return IsOk(reply) ? reply : throw ServerError(reply);
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return _stream.DisposeAsync();
    }

    private async Task AuthenticateAsync(string username, string password, string database, CancellationToken cancellationToken)
    {
        var scram = new ScramSha256Client(username, password, ScramSha256Client.NewNonce());
        try
        {
            var reply = await CommandAsync(new BsonDocument
            {
                { "saslStart", 1 },
                { "mechanism", Mechanism },
                { "payload", BsonBinary.Generic(Encoding.UTF8.GetBytes(scram.ClientFirstMessage)) },
                { "options", new BsonDocument { { "skipEmptyExchange", true } } },
            }, database, cancellationToken).ConfigureAwait(false);
            var conversationId = reply["conversationId"];

            var clientFinal = scram.ReceiveServerFirst(Payload(reply));
            reply = await ContinueAsync(conversationId, Encoding.UTF8.GetBytes(clientFinal), database, cancellationToken).ConfigureAwait(false);
            scram.VerifyServerFinal(Payload(reply));

            // Servers that ignore skipEmptyExchange want one more empty round before they say done.
            if (reply.TryGetValue("done", out var done) && done is not true)
                reply = await ContinueAsync(conversationId, [], database, cancellationToken).ConfigureAwait(false);
            if (!reply.TryGetValue("done", out done) || done is not true)
                throw new MongoProtocolException("the SASL conversation did not finish");
        }
        catch (MongoServerException e)
        {
            throw new MongoAuthenticationException($"authentication of {username} on {database} failed: {e.Message}", e);
        }
        catch (KeyNotFoundException e)
        {
            throw new MongoProtocolException($"SASL reply lacks a field: {e.Message}", e);
        }
    }

    private Task<BsonDocument> ContinueAsync(object? conversationId, byte[] payload, string database, CancellationToken cancellationToken) =>
        CommandAsync(new BsonDocument
        {
            { "saslContinue", 1 },
            { "conversationId", conversationId },
            { "payload", BsonBinary.Generic(payload) },
        }, database, cancellationToken);

    private static string Payload(BsonDocument reply) => reply["payload"] is BsonBinary payload
        ? Encoding.UTF8.GetString(payload.Data)
        : throw new MongoProtocolException("SASL reply payload is not binary");

    private static bool IsOk(BsonDocument reply) =>
        reply.TryGetValue("ok", out var ok) && ok switch
        {
            double number => number == 1,
            int number => number == 1,
            long number => number == 1,
            bool flag => flag,
            _ => false,
        };

    private static MongoServerException ServerError(BsonDocument reply) => new(
        reply.TryGetValue("code", out var code) && code is int number ? number : 0,
        reply.TryGetValue("codeName", out var name) && name is string codeName ? codeName : "",
        reply.TryGetValue("errmsg", out var message) && message is string text ? text : "command failed without a message");
}
