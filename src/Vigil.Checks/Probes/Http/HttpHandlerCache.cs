using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes.Http;

/// <summary>
/// One long-lived handler per combination of the settings a handler fixes (redirects, TLS verification, fresh
/// connections), shared by every monitor with that combination, so checks of one target share its keep-alive pool.
/// </summary>
internal sealed class HttpHandlerCache(HttpProbeOptions options, DnsCache dns, TlsCertificates certificates, TimeProvider time) : IDisposable
{
    // More would only multiply pools; a chain longer than this is a loop in practice.
    private const int MaxRedirectsLimit = 20;

    private readonly ConcurrentDictionary<HandlerKey, HttpMessageInvoker> _invokers = new();
    private readonly Lock _createLock = new();

    public int Count => _invokers.Count;

    public HttpMessageInvoker Get(HttpCheckSpec spec)
    {
        var key = HandlerKey.For(spec);
        return _invokers.TryGetValue(key, out var invoker) ? invoker : Create(key);
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
            invoker.Dispose();
        _invokers.Clear();
    }

    private HttpMessageInvoker Create(HandlerKey key)
    {
        lock (_createLock)
        {
            if (_invokers.TryGetValue(key, out var existing))
                return existing;
            // An invoker, not an HttpClient: no client-side timeout (only the caller's token ends a check),
            // no linked token source per request and no response buffering.
            var invoker = new HttpMessageInvoker(CreateHandler(key), disposeHandler: true);
            _invokers[key] = invoker;
            return invoker;
        }
    }

    private SocketsHttpHandler CreateHandler(HandlerKey key) => new()
    {
        // A zero lifetime closes each connection after its request: a fresh connect per check.
        PooledConnectionLifetime = key.Fresh ? TimeSpan.Zero : options.PooledConnectionLifetime,
        PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
        MaxConnectionsPerServer = options.MaxConnectionsPerServer,
        AllowAutoRedirect = key.MaxRedirects > 0,
        MaxAutomaticRedirections = Math.Max(1, key.MaxRedirects),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        // A monitor checks the target itself; a proxy from the environment would make it check the proxy.
        UseProxy = false,
        ConnectTimeout = Timeout.InfiniteTimeSpan,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = key.VerifyTls ? certificates.NoteValidation : TlsCertificates.AcceptAny,
        },
        ConnectCallback = ConnectAsync,
        PlaintextStreamFilter = OnConnectionReady,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var timeline = (context.InitialRequestMessage as ProbeRequest)?.Timeline ?? new ConnectionTimeline();
        var socket = await SocketConnector.ConnectAsync(dns, context.DnsEndPoint.Host, context.DnsEndPoint.Port, timeline, time, cancellationToken)
            .ConfigureAwait(false);
        return new NetworkStream(socket, ownsSocket: true);
    }

    // Called once per new connection, after the TLS handshake for https and before the first request is written.
    private ValueTask<Stream> OnConnectionReady(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        if (context.PlaintextStream is SslStream tls && context.InitialRequestMessage.RequestUri is { } url)
        {
            var timeline = (context.InitialRequestMessage as ProbeRequest)?.Timeline ?? new ConnectionTimeline();
            timeline.TlsDoneAt = time.GetTimestamp();
            certificates.OnHandshakeDone(tls, url, timeline);
        }
        return ValueTask.FromResult(context.PlaintextStream);
    }

    private readonly record struct HandlerKey(int MaxRedirects, bool VerifyTls, bool Fresh)
    {
        public static HandlerKey For(HttpCheckSpec spec) => new(
            spec.FollowRedirects ? Math.Clamp(spec.MaxRedirects, 0, MaxRedirectsLimit) : 0,
            spec.VerifyTls,
            spec.FreshConnection);
    }
}
