using System.Net.Http.Headers;

namespace Vigil.Alerting.Channels.Http;

/// <summary>
/// POSTs one JSON body to a channel's URL within the settings' timeout and maps the outcome. Takes the invoker (an
/// <see cref="HttpClient"/> is one) so the server and the tests share one pool, built by <see cref="AlertHttp"/>.
/// </summary>
public sealed class HttpChannelSender(HttpMessageInvoker http, TimeProvider time)
{
    private static readonly ProductInfoHeaderValue UserAgent = new("Vigil", "1");

    public TimeProvider Time => time;

    /// <summary>
    /// Sends <paramref name="body"/>; <paramref name="headers"/> adds the channel's own. Never throws for the receiver's
    /// faults; throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<Delivery> PostJsonAsync(HttpChannelSettings settings, byte[] body, Action<HttpRequestHeaders>? headers,
        CancellationToken cancellationToken)
    {
        // Wall-clock, not the injected clock: a network timeout is physical time (as SMTP's is), and a test's jump of
        // its schedule clock must not cut off a send that is merely in flight.
        using var timeout = new CancellationTokenSource(settings.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        headers?.Invoke(request.Headers);
        if (!request.Headers.Contains("User-Agent"))
            request.Headers.UserAgent.Add(UserAgent); // a webhook's own User-Agent setting wins
        try
        {
            // Headers only: the receiver's body is never needed, and an HttpClient would otherwise buffer all of it.
            using var response = http is HttpClient client
                ? await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                : await http.SendAsync(request, linked.Token);
            return HttpOutcome.Of(response, time);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpOutcome.TimedOut(settings.Timeout);
        }
        catch (HttpRequestException exception)
        {
            return HttpOutcome.Of(exception);
        }
    }
}
