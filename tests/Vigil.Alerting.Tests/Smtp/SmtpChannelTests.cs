using System.Text;
using System.Text.Json;
using Vigil.Alerting.Channels;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Tests.Smtp;

/// <summary>Against <see cref="SmtpSink"/>, a real SMTP server on loopback with TLS and AUTH.</summary>
public sealed class SmtpChannelTests
{
    private readonly SmtpChannel _channel = new();

    [Fact]
    public async Task A_plain_session_delivers_the_alert_with_its_headers_and_body()
    {
        await using var sink = new SmtpSink(offerStartTls: false);
        var alert = TestAlerts.Down(Guid.NewGuid()) with { Reason = "HTTP 503\n.\nmore" };

        var sent = await _channel.SendAsync(Settings(sink, "\"tls\": \"none\""), alert, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, sent.Outcome);
        var mail = await sink.NextAsync();
        Assert.Equal("vigil@example.com", mail.From);
        Assert.Equal(["ops@example.com", "oncall@example.com"], mail.To);
        Assert.Equal("[Vigil] Billing API is down", mail.Header("Subject"));
        Assert.Equal($"<{alert.Id:N}@example.com>", mail.Header("Message-ID"));
        Assert.Equal("ops@example.com, oncall@example.com", mail.Header("To"));
        Assert.Equal("7bit", mail.Header("Content-Transfer-Encoding"));
        // The lone dot in the reason survived dot-stuffing instead of ending the message.
        Assert.StartsWith("Billing API is down: HTTP 503\r\n.\r\nmore\r\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Link: https://vigil.example/monitors/billing-api", mail.Body, StringComparison.Ordinal);
        Assert.False(mail.OverTls);
    }

    [Fact]
    public async Task The_same_alert_twice_has_the_same_message_id()
    {
        await using var sink = new SmtpSink(offerStartTls: false);
        var alert = TestAlerts.Down(Guid.NewGuid());
        var settings = Settings(sink, "\"tls\": \"none\"");

        await _channel.SendAsync(settings, alert, CancellationToken.None);
        await _channel.SendAsync(settings, alert, CancellationToken.None);

        Assert.Equal((await sink.NextAsync()).Header("Message-ID"), (await sink.NextAsync()).Header("Message-ID"));
    }

    [Theory]
    [InlineData("PLAIN LOGIN")]
    [InlineData("LOGIN")]
    public async Task Starttls_then_auth_delivers(string mechanisms)
    {
        await using var sink = new SmtpSink(authMechanisms: mechanisms);
        var settings = Settings(sink, $$"""
            "tls": "starttls", "verify_tls": false, "username": "{{SmtpSink.User}}", "password": "{{SmtpSink.Password}}"
            """);

        var sent = await _channel.SendAsync(settings, TestAlerts.Down(Guid.NewGuid(), name: "Zähler"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, sent.Outcome);
        var mail = await sink.NextAsync();
        Assert.True(mail.OverTls);
        Assert.Equal(SmtpSink.User, mail.AuthUser);
        Assert.Equal(SmtpSink.Password, mail.AuthPassword);
        // Non-ASCII goes as an encoded word and a base64 body.
        Assert.StartsWith("=?utf-8?B?", mail.Header("Subject"), StringComparison.Ordinal);
        Assert.StartsWith("Zähler is down", Encoding.UTF8.GetString(Convert.FromBase64String(mail.Body.Replace("\r\n", "", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Implicit_tls_delivers()
    {
        await using var sink = new SmtpSink(implicitTls: true);

        var sent = await _channel.SendAsync(Settings(sink, "\"tls\": \"implicit\", \"verify_tls\": false"), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, sent.Outcome);
        Assert.True((await sink.NextAsync()).OverTls);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_a_retry_when_verified()
    {
        await using var sink = new SmtpSink();

        var sent = await _channel.SendAsync(Settings(sink, "\"tls\": \"starttls\""), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, sent.Outcome);
        Assert.True(sink.Nothing);
    }

    [Fact]
    public async Task Wrong_credentials_fail_and_the_password_stays_out_of_the_detail()
    {
        await using var sink = new SmtpSink(authMechanisms: "PLAIN");

        var sent = await _channel.SendAsync(Settings(sink, "\"verify_tls\": false, \"username\": \"alerts\", \"password\": \"hunter2\""), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Failed, sent.Outcome);
        Assert.StartsWith("AUTH PLAIN: 535", sent.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", sent.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alerts\0hunter2")), sent.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_without_starttls_fails_when_starttls_is_asked()
    {
        await using var sink = new SmtpSink(offerStartTls: false);

        var sent = await _channel.SendAsync(Settings(sink, "\"tls\": \"starttls\""), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Failed, sent.Outcome);
        Assert.Contains("STARTTLS", sent.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("450 4.2.1 mailbox busy", null, DeliveryOutcome.Retry)]
    [InlineData("550 5.1.1 no such user", null, DeliveryOutcome.Failed)]
    [InlineData(null, "451 4.3.0 try later", DeliveryOutcome.Retry)]
    [InlineData(null, "554 5.6.0 rejected", DeliveryOutcome.Failed)]
    public async Task Reply_classes_map_to_outcomes(string? rcptReply, string? dataReply, DeliveryOutcome expected)
    {
        await using var sink = new SmtpSink(offerStartTls: false, rcptReply: rcptReply, dataReply: dataReply);

        var sent = await _channel.SendAsync(Settings(sink, "\"tls\": \"none\""), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(expected, sent.Outcome);
        Assert.Contains((rcptReply ?? dataReply)![..3], sent.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_retry()
    {
        int port;
        await using (var sink = new SmtpSink())
            port = sink.Port;

        var settings = Read($$"""{"host": "127.0.0.1", "port": {{port}}, "tls": "none", "from": "vigil@example.com", "to": ["ops@example.com"]}""");
        var sent = await _channel.SendAsync(settings, TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, sent.Outcome);
    }

    [Fact]
    public void Read_names_every_bad_field()
    {
        var errors = new List<FieldError>();

        var settings = _channel.Read(Json("""
            {"name": "mail", "type": "smtp", "host": "", "port": 0, "tls": "ssl", "from": "Vigil <v@example.com>",
             "to": [], "password": "x", "timeout_seconds": 0, "cc": ["a@example.com"]}
            """), errors);

        Assert.Null(settings);
        Assert.Equal(["cc", "from", "host", "password", "port", "timeout_seconds", "tls", "to"], errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void A_username_without_tls_is_refused_and_required_fields_are_named()
    {
        var errors = new List<FieldError>();

        Assert.Null(_channel.Read(Json("""{"tls": "none", "username": "u", "password": "p"}"""), errors));
        Assert.Equal(["from", "host", "to", "username"], errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void Defaults_follow_the_tls_mode_and_the_password_stays_out_of_the_text()
    {
        var settings = Read("""{"host": "mail.example.com", "from": "v@example.com", "to": ["o@example.com"], "username": "u", "password": "hunter2"}""");

        Assert.Equal(SmtpTls.StartTls, settings.Tls);
        Assert.Equal(587, settings.Port);
        Assert.True(settings.VerifyTls);
        Assert.DoesNotContain("hunter2", settings.ToString(), StringComparison.Ordinal);
        Assert.Equal(465, Read("""{"host": "mail.example.com", "tls": "implicit", "from": "v@example.com", "to": ["o@example.com"]}""").Port);
    }

    private SmtpSettings Settings(SmtpSink sink, string extra) =>
        Read($$$"""{"host": "127.0.0.1", "port": {{{sink.Port}}}, "from": "vigil@example.com", "to": ["ops@example.com", "oncall@example.com"], "timeout_seconds": 30, {{{extra}}}}""");

    private SmtpSettings Read(string json)
    {
        var errors = new List<FieldError>();
        var settings = _channel.Read(Json(json), errors);
        Assert.Empty(errors);
        return Assert.IsType<SmtpSettings>(settings);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
