using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigil.Checks.Pooling;
using Vigil.Checks.Protocols.Redis;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes;

/// <summary>PING a Redis server over a pooled, authenticated connection; then compare the INFO fields the monitor names.</summary>
public sealed class RedisProbe(PoolRegistry<RedisConnection> pools) : PooledProbe<RedisCheckSpec, RedisConnection>(pools)
{
    public override string Type => "redis";

    protected override (string Key, string Label) Target(RedisCheckSpec spec) => (PoolKey(spec), $"{spec.Host}:{spec.Port}");

    protected override Task<RedisConnection> OpenAsync(RedisCheckSpec spec, CancellationToken cancellationToken) =>
        RedisConnection.OpenAsync(spec.Host, spec.Port, spec.Username, spec.Password, spec.Database, cancellationToken);

    protected override async Task<ProbeResult> CheckAsync(PoolLease<RedisConnection> lease, RedisCheckSpec spec, long started, CancellationToken cancellationToken)
    {
        var connection = lease.Connection;
        var message = new StringBuilder(await connection.PingAsync(cancellationToken).ConfigureAwait(false));
        var firstReply = Stopwatch.GetElapsedTime(started);

        if (spec.Info.Count > 0)
        {
            var info = await connection.InfoAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (field, expected) in spec.Info)
            {
                if (!info.TryGetValue(field, out var actual))
                    return ProbeResult.Failure(CheckError.Assertion, $"INFO has no field {field} (expected {expected})", Stopwatch.GetElapsedTime(started));
                if (!string.Equals(actual, expected, StringComparison.Ordinal))
                    return ProbeResult.Failure(CheckError.Assertion, $"INFO {field} is {actual}, expected {expected}", Stopwatch.GetElapsedTime(started));
                message.Append(CultureInfo.InvariantCulture, $", {field}={actual}");
            }
        }

        var total = Stopwatch.GetElapsedTime(started);
        var phases = new PhaseTimings(lease.Fresh ? connection.DnsTime : null, lease.Fresh ? connection.ConnectTime : null, null, firstReply, total);
        return ProbeResult.Success(total, message.ToString(), phases);
    }

    protected override CheckError? ClassifyProtocol(Exception error) => error switch
    {
        RedisServerException { IsAuthFailure: true } => CheckError.Auth,
        RedisServerException or RedisProtocolException => CheckError.Protocol,
        _ => null,
    };

    /// <summary>One pool per target and credentials; the password enters the key only as a hash.</summary>
    internal static string PoolKey(RedisCheckSpec spec) => Pooling.PoolKey.Of(spec.Password, spec.Host, spec.Port, spec.Username, spec.Database);
}
