using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using Vigil.Core.Checks;

namespace Vigil.Checks.Probes.Postgres;

/// <summary>
/// Names the error class of an Npgsql failure. Npgsql wraps most transport trouble in a plain
/// <see cref="NpgsqlException"/>, so the class comes from the inner exceptions and from the phase (opening the
/// session or running the query) the failure happened in.
/// </summary>
internal static class PostgresFailure
{
    // Npgsql 10 has no dedicated type for a full pool: PoolingDataSource throws an NpgsqlException with this message
    // and an inner TimeoutException once 'Timeout' has passed with every connection busy.
    private const string PoolExhaustedPrefix = "The connection pool has been exhausted";

    // Likewise a server that answers the SSL request with "no" while the connection string requires TLS.
    private const string NoServerTlsPrefix = "SSL connection requested.";

    public static (CheckError Error, string Message) Classify(Exception exception, bool opening)
    {
        if (exception is PostgresException server)
            return (ClassifyServer(server, opening), $"{server.SqlState}: {server.MessageText}");

        if (exception is NpgsqlException { InnerException: TimeoutException } npgsql)
        {
            return npgsql.Message.StartsWith(PoolExhaustedPrefix, StringComparison.Ordinal)
                ? (CheckError.PoolExhausted, "connection pool exhausted")
                : (CheckError.Timeout, $"timed out: {npgsql.Message}");
        }

        if (Find<AuthenticationException>(exception) is { } tls)
            return (CheckError.Tls, $"tls: {tls.Message}");

        if (exception is NpgsqlException && exception.Message.StartsWith(NoServerTlsPrefix, StringComparison.Ordinal))
            return (CheckError.Tls, "tls: the server does not offer TLS");

        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => (CheckError.Dns, $"host not found: {socket.Message}"),
                SocketError.ConnectionRefused => (CheckError.Connect, "connection refused"),
                _ => (CheckError.Connect, $"connect failed: {socket.Message}"),
            };
        }

        // Anything else (the server hung up, a malformed reply, a bad connection string) broke the session.
        return (opening ? CheckError.Connect : CheckError.Protocol, Describe(exception));
    }

    private static CheckError ClassifyServer(PostgresException server, bool opening)
    {
        // Class 28 is a refused login. A missing database (3D000) is refused at the same step, before any query ran,
        // and is fixed the same way (by correcting the monitor's credentials or database), so it counts as auth too.
        if (server.SqlState.StartsWith("28", StringComparison.Ordinal) || server.SqlState == PostgresErrorCodes.InvalidCatalogName)
            return CheckError.Auth;

        // Other refusals while opening (too many clients, starting up, shutting down): no session to run the query on.
        return opening ? CheckError.Connect : CheckError.Protocol;
    }

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
                return match;
        }
        return null;
    }

    private static string Describe(Exception exception) =>
        exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;
}
