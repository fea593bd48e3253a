using System.Diagnostics;
using System.Net.Sockets;
using Vigil.Checks.Pooling;
using Vigil.Core.Checks;

namespace Vigil.Checks.Probes;

/// <summary>
/// The run of a probe over a pooled, authenticated connection: borrow one (or open a fresh one when the monitor asks),
/// run the check, and name what failed. A failure the probe cannot name escapes, cancellation included (a timeout).
/// </summary>
public abstract class PooledProbe<TSpec, TConnection>(PoolRegistry<TConnection> pools) : Probe<TSpec>
    where TSpec : CheckSpec
    where TConnection : class, IPooledConnection
{
    /// <summary>The pool key (with secrets hashed, see <see cref="PoolKey"/>) and a label without secrets, such as host:port.</summary>
    protected abstract (string Key, string Label) Target(TSpec spec);

    protected abstract Task<TConnection> OpenAsync(TSpec spec, CancellationToken cancellationToken);

    /// <summary>The check itself on a ready connection; <paramref name="started"/> is the run's Stopwatch timestamp.</summary>
    protected abstract Task<ProbeResult> CheckAsync(PoolLease<TConnection> lease, TSpec spec, long started, CancellationToken cancellationToken);

    /// <summary>The error class of a protocol's own exceptions (auth, server errors); network failures are named here already.</summary>
    protected abstract CheckError? ClassifyProtocol(Exception error);

    protected sealed override async Task<ProbeResult> RunAsync(TSpec spec, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (key, label) = Target(spec);
        var pool = pools.Get(key, label, token => OpenAsync(spec, token));
        while (true)
        {
            PoolLease<TConnection> lease;
            try
            {
                lease = spec.FreshConnection
                    ? await pool.OpenUnpooledAsync(cancellationToken).ConfigureAwait(false)
                    : await pool.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (Classify(e) is { } error)
            {
                return ProbeResult.Failure(error, $"{pool.Name}: {e.Message}", Stopwatch.GetElapsedTime(started));
            }

            await using (lease.ConfigureAwait(false))
            {
                try
                {
                    return await CheckAsync(lease, spec, started, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    lease.MarkBroken();
                    // A reused connection the server dropped while it sat idle says nothing about the server now: try another.
                    if (!lease.Fresh && e is IOException && !cancellationToken.IsCancellationRequested)
                        continue;
                    if (Classify(e) is not { } error)
                        throw;
                    return ProbeResult.Failure(error, $"{pool.Name}: {e.Message}", Stopwatch.GetElapsedTime(started));
                }
            }
        }
    }

    private CheckError? Classify(Exception e) => e switch
    {
        PoolExhaustedException => CheckError.PoolExhausted,
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } => CheckError.Dns,
        SocketException => CheckError.Connect,
        // Reset or closed before the reply: the connection did not hold, whatever the server is.
        IOException => CheckError.Connect,
        _ => ClassifyProtocol(e),
    };
}
