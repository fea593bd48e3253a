using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Vigil.Alerting.Channels;
using Vigil.Alerting.Channels.Http;
using static Vigil.Alerting.Tests.Http.ChannelTestKit;

namespace Vigil.Alerting.Tests.Http;

/// <summary>What each receiver fault becomes, over real sockets; no detail ever shows the URL's token path.</summary>
public sealed class HttpOutcomeTests(HttpReceiver receiver) : IClassFixture<HttpReceiver>, IDisposable
{
    private const string Token = "T0KEN-in-path";
    private readonly HttpMessageInvoker _http = new(AlertHttp.CreateHandler());

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData(500, DeliveryOutcome.Retry, "HTTP 500")]
    [InlineData(503, DeliveryOutcome.Retry, "HTTP 503")]
    [InlineData(408, DeliveryOutcome.Retry, "HTTP 408")]
    [InlineData(429, DeliveryOutcome.Retry, "HTTP 429")]
    [InlineData(400, DeliveryOutcome.Failed, "HTTP 400")]
    [InlineData(404, DeliveryOutcome.Failed, "HTTP 404")]
    [InlineData(410, DeliveryOutcome.Failed, "HTTP 410")]
    [InlineData(301, DeliveryOutcome.Failed, "HTTP 301: redirects are not followed; set the url to the final address")]
    [InlineData(200, DeliveryOutcome.Delivered, "HTTP 200")]
    public async Task Status_codes_map_to_outcomes(int status, DeliveryOutcome outcome, string detail)
    {
        var delivery = await SendAsync(receiver.Url($"/{Token}/status/{status}"));

        Assert.Equal(new Delivery(outcome, detail), delivery);
    }

    [Fact]
    public async Task Too_many_requests_with_retry_after_is_a_retry_that_says_when()
    {
        var delivery = await SendAsync(receiver.Url($"/{Token}/status/429?retry_after=30"));

        Assert.Equal(Delivery.Retry("HTTP 429; Retry-After 30 s"), delivery);
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_reported_in_seconds_from_now()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        var date = Uri.EscapeDataString(time.GetUtcNow().AddMinutes(2).ToString("R", CultureInfo.InvariantCulture));
        var channel = new WebhookChannel(Sender(_http, time));
        var settings = Settings<WebhookSettings>(channel, $$"""{"url": "{{receiver.Url($"/{Token}/status/503?retry_after={date}")}}"}""");

        var delivery = await channel.SendAsync(settings, Alert(), CancellationToken.None);

        Assert.Equal(Delivery.Retry("HTTP 503; Retry-After 120 s"), delivery);
    }

    [Fact]
    public async Task A_receiver_not_listening_is_a_retry()
    {
        var delivery = await SendAsync($"http://127.0.0.1:{ClosedPort()}/{Token}");

        Assert.Equal(Delivery.Retry("could not connect to the receiver"), delivery);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_is_a_retry()
    {
        var delivery = await SendAsync($"http://vigil-alert-test.invalid/{Token}");

        Assert.Equal(DeliveryOutcome.Retry, delivery.Outcome);
        Assert.DoesNotContain(Token, delivery.Detail);
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_a_retry()
    {
        var delivery = await SendAsync(receiver.Url($"/{Token}/slow"), timeoutSeconds: 1);

        Assert.Equal(Delivery.Retry("no answer within 1 s"), delivery);
        Assert.Single(receiver.Received($"/{Token}/slow"));
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_receiver_fault()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var channel = new WebhookChannel(Sender(_http));
        var settings = Settings<WebhookSettings>(channel, $$"""{"url": "{{receiver.Url("/cancelled")}}"}""");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => channel.SendAsync(settings, Alert(), cancelled.Token));
    }

    private async Task<Delivery> SendAsync(string url, int timeoutSeconds = 10)
    {
        var channel = new WebhookChannel(Sender(_http));
        var settings = Settings<WebhookSettings>(channel, $$"""{"url": "{{url}}", "timeout_seconds": {{timeoutSeconds}}}""");
        var delivery = await channel.SendAsync(settings, Alert(), CancellationToken.None);
        Assert.DoesNotContain(Token, delivery.Detail);
        return delivery;
    }

    /// <summary>A port nothing listens on: bound to learn a free number, then closed.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
