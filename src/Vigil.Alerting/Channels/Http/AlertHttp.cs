namespace Vigil.Alerting.Channels.Http;

/// <summary>How the HTTP channels' one shared connection pool behaves. Every value is bounded.</summary>
public sealed record AlertHttpOptions
{
    /// <summary>A pooled connection is replaced after this long, so DNS changes at the receiver are seen.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Bounds the sockets open to one receiver (one Slack host serves every Slack channel).</summary>
    public int MaxConnectionsPerServer { get; init; } = 16;

    /// <summary>Outgoing alerts may need the environment's proxy (HTTPS_PROXY, NO_PROXY); loopback bypasses it.</summary>
    public bool UseProxy { get; init; } = true;
}

/// <summary>The one HTTP setup the webhook, Slack, Discord and Teams channels share: pooled connections, no redirects.</summary>
public static class AlertHttp
{
    /// <summary>A handler for all HTTP channels; the per-send timeout comes from each channel's settings.</summary>
    public static SocketsHttpHandler CreateHandler(AlertHttpOptions? options = null)
    {
        options ??= new AlertHttpOptions();
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            UseProxy = options.UseProxy,
            // A redirected POST would change method or leak the body elsewhere: a 3xx is reported instead.
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxResponseHeadersLength = 64,
        };
    }
}
