using System.Globalization;

namespace Vigil.Alerting.Channels.Http;

/// <summary>
/// Turns a receiver's answer, or the lack of one, into a <see cref="Delivery"/>. Details are short and never carry
/// the URL or header values: the URL's path is often the receiver's token.
/// </summary>
internal static class HttpOutcome
{
    /// <summary>A longer Retry-After is still reported, capped, so a bad header cannot park an alert for years.</summary>
    private const int MaxRetryAfterSeconds = 86_400;

    public static Delivery Of(HttpResponseMessage response, TimeProvider time)
    {
        var code = (int)response.StatusCode;
        if (code is >= 200 and <= 299)
            return Delivery.Delivered($"HTTP {code}");
        if (code is 408 or 429 or >= 500)
            return Delivery.Retry($"HTTP {code}{RetryAfter(response, time)}");
        if (code is >= 300 and <= 399)
            return Delivery.Failed($"HTTP {code}: redirects are not followed; set the url to the final address");
        return Delivery.Failed($"HTTP {code}");
    }

    /// <summary>A failure to get any answer: every one of them may pass, so all are worth a retry.</summary>
    public static Delivery Of(HttpRequestException exception) => Delivery.Retry(exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the receiver's host name did not resolve",
        HttpRequestError.ConnectionError => "could not connect to the receiver",
        HttpRequestError.SecureConnectionError => "the TLS handshake with the receiver failed",
        HttpRequestError.ResponseEnded => "the receiver closed the connection before answering",
        HttpRequestError.InvalidResponse => "the receiver's answer was not valid HTTP",
        HttpRequestError.ProxyTunnelError => "the proxy refused the tunnel to the receiver",
        var other => $"the request failed ({other})",
    });

    public static Delivery TimedOut(TimeSpan timeout) =>
        Delivery.Retry($"no answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");

    private static string RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d)
            return "";
        var seconds = Math.Clamp((long)Math.Ceiling(d.TotalSeconds), 0, MaxRetryAfterSeconds);
        return $"; Retry-After {seconds.ToString(CultureInfo.InvariantCulture)} s";
    }
}
