using System.Security.Cryptography;
using System.Text;
using Vigil.Observability;
using Vigil.Observability.Exposition;
using Vigil.Server.Http;

namespace Vigil.Server.Observability.Metrics;

/// <summary>
/// GET /metrics: the cached page in the format Accept asks for, gzipped when Accept-Encoding allows. With a bearer
/// token configured, a scrape without it (or with another) gets 401.
/// </summary>
public sealed class MetricsEndpoint(MetricsPage page, MetricsOptions options)
{
    public const string Path = "/metrics";

    private readonly byte[]? _token = options.BearerToken is { } token ? Encoding.UTF8.GetBytes(token) : null;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (_token is not null && !Authorized(request.Headers.Authorization.ToString()))
        {
            await Problem.Of(401, "/metrics needs the metrics bearer token: Authorization: Bearer <metrics.bearer_token>").WriteAsync(context);
            return;
        }
        var format = MetricsNegotiation.FormatFor(request.Headers.Accept.ToString());
        var gzip = MetricsNegotiation.AcceptsGzip(request.Headers.AcceptEncoding.ToString());
        using var content = await page.GetAsync(format, gzip, context.RequestAborted);

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = format.ContentType();
        response.Headers.Vary = "Accept, Accept-Encoding";
        response.Headers.CacheControl = "no-store";
        if (content.IsGzipped)
            response.Headers.ContentEncoding = "gzip";
        response.ContentLength = content.Bytes.Length;
        if (!HttpMethods.IsHead(request.Method))
            await response.Body.WriteAsync(content.Bytes, context.RequestAborted);
    }

    private bool Authorized(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var given = Encoding.UTF8.GetBytes(header.AsSpan(scheme.Length).Trim().ToString());
        return CryptographicOperations.FixedTimeEquals(given, _token);
    }
}
