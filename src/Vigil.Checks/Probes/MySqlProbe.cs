using System.Diagnostics;
using System.Net.Sockets;
using Vigil.Checks.Pooling;
using Vigil.Checks.Protocols.MySql;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes;

/// <summary>
/// Checks a MySQL or MariaDB server: a pooled (or, with fresh_connection, a new) logged-in connection, then COM_PING,
/// or the monitor's query with its first value compared to the expected text.
/// Latency is the ping or query; when the connection was opened for this run it also includes the connect and login,
/// so a fresh_connection monitor measures what a new client would wait, and its phases show the split.
/// A login refused because the database does not exist (1049) counts as auth: the server names the database in the
/// login, and for users without rights on it MySQL answers 1044 (access denied) for the very same mistake.
/// </summary>
public sealed class MySqlProbe(PoolRegistry<MySqlConnection> pools) : Probe<MySqlCheckSpec>
{
    private const int MaxShownValueLength = 120;
    private const ushort UnknownDatabase = 1049;

    public override string Type => "mysql";

    protected override async Task<ProbeResult> RunAsync(MySqlCheckSpec spec, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var pool = pools.Get(PoolKey(spec), $"{spec.Host}:{spec.Port}",
            token => MySqlConnection.OpenAsync(spec.Host, spec.Port, spec.User, spec.Password, spec.Database, token));

        PoolLease<MySqlConnection> lease;
        try
        {
            lease = spec.FreshConnection
                ? await pool.OpenUnpooledAsync(cancellationToken).ConfigureAwait(false)
                : await pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ClassifyOpenFailure(e) is { } failure)
        {
            return ProbeResult.Failure(failure.Error, failure.Message, Stopwatch.GetElapsedTime(started));
        }

        await using (lease.ConfigureAwait(false))
        {
            var connection = lease.Connection;
            var commandStarted = Stopwatch.GetTimestamp();
            try
            {
                string? value = null;
                if (spec.Query is null)
                    await connection.PingAsync(cancellationToken).ConfigureAwait(false);
                else
                    value = await connection.QueryScalarAsync(spec.Query, cancellationToken).ConfigureAwait(false);

                var command = Stopwatch.GetElapsedTime(commandStarted);
                var latency = lease.Fresh ? connection.OpenTime + command : command;
                var phases = lease.Fresh ? new PhaseTimings(connection.DnsTime, connection.OpenTime - (connection.DnsTime ?? TimeSpan.Zero), null, null, latency) : null;
                if (spec.Query is not null && spec.Expected is not null && !string.Equals(value, spec.Expected, StringComparison.Ordinal))
                {
                    lease.MarkBroken();
                    return ProbeResult.Failure(CheckError.Assertion, $"expected '{Shorten(spec.Expected)}', got {Show(value)}", latency, phases);
                }
                return ProbeResult.Success(latency, spec.Query is null ? "ping ok" : $"query ok: {Show(value)}", phases);
            }
            catch (OperationCanceledException)
            {
                lease.MarkBroken();
                throw;
            }
            catch (Exception e) when (ClassifyCommandFailure(e) is { } failure)
            {
                lease.MarkBroken();
                return ProbeResult.Failure(failure.Error, failure.Message, Stopwatch.GetElapsedTime(started));
            }
        }
    }

    /// <summary>One pool per target and credentials. The password enters only as a hash, so the key holds no secret.</summary>
    internal static string PoolKey(MySqlCheckSpec spec) => Pooling.PoolKey.Of(spec.Password, spec.Host, spec.Port, spec.User, spec.Database);

    private static (CheckError Error, string Message)? ClassifyOpenFailure(Exception e) => e switch
    {
        PoolExhaustedException => (CheckError.PoolExhausted, e.Message),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.NoRecovery } =>
            (CheckError.Dns, $"cannot resolve host: {e.Message}"),
        SocketException s => (CheckError.Connect, ConnectMessage(s)),
        MySqlServerException { IsAuthenticationFailure: true } or MySqlServerException { ErrorCode: UnknownDatabase } => (CheckError.Auth, $"login refused: {e.Message}"),
        MySqlAuthenticationException => (CheckError.Auth, e.Message),
        IOException => (CheckError.Connect, $"connection lost during login: {e.Message}"),
        _ => ClassifyCommandFailure(e),
    };

    private static (CheckError Error, string Message)? ClassifyCommandFailure(Exception e) => e switch
    {
        MySqlServerException => (CheckError.Protocol, $"server error {e.Message}"),
        MySqlProtocolException => (CheckError.Protocol, e.Message),
        IOException or SocketException => (CheckError.Connect, $"connection lost: {e.Message}"),
        _ => null,
    };

    private static string ConnectMessage(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        _ => e.Message,
    };

    private static string Show(string? value) => value is null ? "NULL" : $"'{Shorten(value)}'";

    private static string Shorten(string value) => value.Length <= MaxShownValueLength ? value : value[..MaxShownValueLength] + "…";
}
