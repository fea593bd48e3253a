using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Vigil.Alerting.Channels;
using Vigil.Alerting.Channels.Http;
using static Vigil.Alerting.Tests.Http.ChannelTestKit;

namespace Vigil.Alerting.Tests.Http;

public sealed class WebhookChannelTests(HttpReceiver receiver) : IClassFixture<HttpReceiver>, IDisposable
{
    private const string Secret = "s3cret-s3cret-s3cret";
    private readonly HttpMessageInvoker _http = new(AlertHttp.CreateHandler());

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Posts_the_alert_fields_and_rendered_text_as_json()
    {
        var channel = new WebhookChannel(Sender(_http));
        var settings = Settings<WebhookSettings>(channel, $$"""{"url": "{{receiver.Url("/webhook-shape")}}"}""");

        var delivery = await channel.SendAsync(settings, Alert(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, delivery.Outcome);
        var request = Assert.Single(receiver.Received("/webhook-shape"));
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("Vigil/1", request.Headers["User-Agent"]);
        SameJson($$"""
            {
              "id": "{{AlertId}}",
              "kind": "down",
              "text": "API <prod> & \"edge\" is down: HTTP 500 from /health_check @everyone",
              "monitor": {"id": "{{MonitorId}}", "name": "API <prod> & \"edge\"", "slug": "api-prod", "status": "down"},
              "reason": "HTTP 500 from /health_check @everyone",
              "at": "2026-11-24T00:40:05Z",
              "link": "https://vigil.example/monitors/api-prod"
            }
            """, request.Body);
        Assert.False(request.Headers.ContainsKey(WebhookSignature.SignatureHeader));
        Assert.False(request.Headers.ContainsKey(WebhookSignature.TimestampHeader));
    }

    [Fact]
    public async Task Signs_the_timestamp_and_exact_body_bytes_with_hmac_sha256()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero));
        var channel = new WebhookChannel(Sender(_http, time));
        var settings = Settings<WebhookSettings>(channel, $$"""{"url": "{{receiver.Url("/webhook-signed")}}", "secret": "{{Secret}}"}""");

        Assert.Equal(DeliveryOutcome.Delivered, (await channel.SendAsync(settings, Alert(), CancellationToken.None)).Outcome);

        var request = Assert.Single(receiver.Received("/webhook-signed"));
        var timestamp = request.Headers[WebhookSignature.TimestampHeader];
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);
        // Recomputed here as a receiver would, from the documented scheme, not with the channel's code.
        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)).ToLowerInvariant();
        Assert.Equal(expected, request.Headers[WebhookSignature.SignatureHeader]);
    }

    [Fact]
    public async Task Sends_the_same_idempotency_key_on_every_attempt_of_one_alert()
    {
        var channel = new WebhookChannel(Sender(_http));
        var settings = Settings<WebhookSettings>(channel, $$"""{"url": "{{receiver.Url("/webhook-idempotent")}}"}""");

        await channel.SendAsync(settings, Alert(), CancellationToken.None);
        await channel.SendAsync(settings, Alert(), CancellationToken.None);
        await channel.SendAsync(settings, Alert() with { Id = Guid.Empty }, CancellationToken.None);

        var keys = receiver.Received("/webhook-idempotent").Select(r => r.Headers["Idempotency-Key"]).ToList();
        Assert.Equal([AlertId.ToString(), AlertId.ToString(), Guid.Empty.ToString()], keys);
    }

    [Fact]
    public async Task Sends_the_configured_extra_headers()
    {
        var channel = new WebhookChannel(Sender(_http));
        var settings = Settings<WebhookSettings>(channel, $$"""
            {"url": "{{receiver.Url("/webhook-headers")}}", "headers": {"Authorization": "Bearer tok-123", "X-Team": "ops", "User-Agent": "ops-bot/2"} }
            """);

        await channel.SendAsync(settings, Alert(), CancellationToken.None);

        var request = Assert.Single(receiver.Received("/webhook-headers"));
        Assert.Equal("Bearer tok-123", request.Headers["Authorization"]);
        Assert.Equal("ops", request.Headers["X-Team"]);
        Assert.Equal("ops-bot/2", request.Headers["User-Agent"]);
        Assert.Equal(AlertId.ToString(), request.Headers["Idempotency-Key"]);
    }

    [Fact]
    public async Task A_custom_template_renders_into_text()
    {
        var channel = new WebhookChannel(Sender(_http));
        var settings = Settings<WebhookSettings>(channel, $$"""
            {"url": "{{receiver.Url("/webhook-template")}}", "templates": {"up": "[{kind}] {slug} back at {time} {link}"} }
            """);

        await channel.SendAsync(settings, Alert(AlertKind.Up) with { MonitorStatus = "up" }, CancellationToken.None);
        await channel.SendAsync(settings, Alert(AlertKind.Reminder, link: null), CancellationToken.None);

        var texts = receiver.Received("/webhook-template")
            .Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("text").GetString()).ToList();
        Assert.Equal(["[up] api-prod back at 2026-11-24T00:40:05Z https://vigil.example/monitors/api-prod",
            "API <prod> & \"edge\" is still down: HTTP 500 from /health_check @everyone"], texts);
    }

    [Fact]
    public void Bad_settings_name_each_field()
    {
        var channel = new WebhookChannel(Sender(_http));

        var errors = Errors(channel, """
            {"name": "ops", "type": "webhook", "url": "ftp://example.com/x", "timeout_seconds": 0,
             "headers": {"Bad Name": "x", "Content-Type": "text/plain", "X-Multi": "a\nb", "Idempotency-Key": "k"},
             "secret": "short", "templates": {"down": "{name} {oops}", "sideways": "x"}, "colour": "red"}
            """);

        Assert.Equal(["url", "timeout_seconds", "templates.down", "templates.sideways", "headers.Bad Name", "headers.Content-Type",
            "headers.X-Multi", "headers.Idempotency-Key", "secret", "colour"], errors.Select(e => e.Field));
        Assert.Contains("{oops}", errors.Single(e => e.Field == "templates.down").Message);
        Assert.DoesNotContain(errors, e => e.Message.Contains("short", StringComparison.Ordinal));
        Assert.Equal("url", Assert.Single(Errors(channel, "{}")).Field);
    }

    [Fact]
    public void Settings_never_print_the_url_path_or_secret()
    {
        var channel = new WebhookChannel(Sender(_http));
        var settings = Settings<WebhookSettings>(channel, $$"""{"url": "https://hooks.example/T0/B1/tok3n", "secret": "{{Secret}}"}""");

        Assert.Equal("WebhookSettings { Host = hooks.example }", settings.ToString());
    }
}
