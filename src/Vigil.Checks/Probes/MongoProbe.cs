using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vigil.Checks.Pooling;
using Vigil.Checks.Protocols.Mongo;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes;

/// <summary>Sends <c>hello</c> to a MongoDB server over a pooled, authenticated connection; the reply must say <c>ok: 1</c>.</summary>
public sealed class MongoProbe(PoolRegistry<MongoConnection> pools) : PooledProbe<MongoCheckSpec, MongoConnection>(pools)
{
    public override string Type => "mongodb";

    protected override (string Key, string Label) Target(MongoCheckSpec spec) => (PoolKey(spec), $"{spec.Host}:{spec.Port}");

    protected override Task<MongoConnection> OpenAsync(MongoCheckSpec spec, CancellationToken cancellationToken) =>
        MongoConnection.OpenAsync(spec.Host, spec.Port, spec.Username, spec.Password, spec.AuthDatabase, cancellationToken);

    protected override async Task<ProbeResult> CheckAsync(PoolLease<MongoConnection> lease, MongoCheckSpec spec, long started, CancellationToken cancellationToken)
    {
        var connection = lease.Connection;
        var hello = await connection.HelloAsync(cancellationToken).ConfigureAwait(false);
        var total = Stopwatch.GetElapsedTime(started);
        var phases = new PhaseTimings(lease.Fresh ? connection.DnsTime : null, lease.Fresh ? connection.ConnectTime : null, null, total, total);
        return ProbeResult.Success(total, Describe(hello), phases);
    }

    /// <summary>The facts of a hello reply worth seeing in a result: the server's role and protocol range.</summary>
    internal static string Describe(BsonDocument hello)
    {
        var message = new StringBuilder("hello ok");
        // isWritablePrimary arrived with hello; servers answering the old way say ismaster.
        foreach (var field in (string[])["isWritablePrimary", "ismaster", "secondary", "setName", "msg", "maxWireVersion"])
        {
            if (hello.TryGetValue(field, out var value))
                message.Append(CultureInfo.InvariantCulture, $", {field}={(value is bool flag ? (flag ? "true" : "false") : value)}");
        }
        return message.ToString();
    }

    protected override CheckError? ClassifyProtocol(Exception error) => error switch
    {
        MongoAuthenticationException => CheckError.Auth,
        MongoServerException or MongoProtocolException => CheckError.Protocol,
        _ => null,
    };

    /// <summary>One pool per target and credentials; the password enters the key only as a hash.</summary>
    internal static string PoolKey(MongoCheckSpec spec) => Pooling.PoolKey.Of(spec.Password, spec.Host, spec.Port, spec.Username, spec.AuthDatabase);
}
