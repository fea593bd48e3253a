using Vigil.Alerting.Channels;
using Vigil.Alerting.Channels.Http;
using static Vigil.Alerting.Tests.Http.ChannelTestKit;

namespace Vigil.Alerting.Tests.Http;

/// <summary>The exact JSON each chat service gets, and the success codes they answer with.</summary>
public sealed class ChatChannelTests(HttpReceiver receiver) : IClassFixture<HttpReceiver>, IDisposable
{
    private readonly HttpMessageInvoker _http = new(AlertHttp.CreateHandler());

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Slack_gets_escaped_text_and_one_attachment_coloured_by_kind()
    {
        var channel = new SlackChannel(Sender(_http));
        var settings = Settings<SlackSettings>(channel, $$"""{"url": "{{receiver.Url("/slack/T0/B1/tok")}}"}""");

        var delivery = await channel.SendAsync(settings, Alert(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, delivery.Outcome);
        SameJson("""
            {
              "text": "API &lt;prod&gt; &amp; \"edge\" is down: HTTP 500 from /health_check @everyone",
              "attachments": [{
                "color": "#D32F2F",
                "fallback": "API &lt;prod&gt; &amp; \"edge\" is down: HTTP 500 from /health_check @everyone",
                "title": "API &lt;prod&gt; &amp; \"edge\"",
                "title_link": "https://vigil.example/monitors/api-prod",
                "text": "HTTP 500 from /health_check @everyone",
                "footer": "down · down",
                "ts": 1795480805
              }]
            }
            """, Assert.Single(receiver.Received("/slack/T0/B1/tok")).Body);
    }

    [Fact]
    public async Task Slack_marks_recovery_green_and_leaves_out_a_missing_link()
    {
        var channel = new SlackChannel(Sender(_http));
        var settings = Settings<SlackSettings>(channel, $$"""{"url": "{{receiver.Url("/slack-up")}}"}""");

        await channel.SendAsync(settings, Alert(AlertKind.Up, link: null) with { MonitorStatus = "up", Reason = "HTTP 200" }, CancellationToken.None);

        var attachment = System.Text.Json.JsonDocument.Parse(Assert.Single(receiver.Received("/slack-up")).Body)
            .RootElement.GetProperty("attachments")[0];
        Assert.Equal("#2E7D32", attachment.GetProperty("color").GetString());
        Assert.False(attachment.TryGetProperty("title_link", out _));
    }

    [Fact]
    public async Task Discord_gets_content_no_mentions_and_an_embed_and_its_204_counts_as_delivered()
    {
        var channel = new DiscordChannel(Sender(_http));
        var settings = Settings<DiscordSettings>(channel, $$"""{"url": "{{receiver.Url("/discord/api/webhooks/1/tok/status/204")}}"}""");

        var delivery = await channel.SendAsync(settings, Alert(), CancellationToken.None);

        Assert.Equal(Delivery.Delivered("HTTP 204"), delivery);
        SameJson("""
            {
              "content": "API <prod\\> & \"edge\" is down: HTTP 500 from /health\\_check @everyone",
              "allowed_mentions": {"parse": []},
              "embeds": [{
                "title": "API <prod> & \"edge\"",
                "url": "https://vigil.example/monitors/api-prod",
                "description": "HTTP 500 from /health\\_check @everyone",
                "color": 13840175,
                "timestamp": "2026-11-24T00:40:05Z",
                "footer": {"text": "down · down"}
              }]
            }
            """, Assert.Single(receiver.Received("/discord/api/webhooks/1/tok/status/204")).Body);
    }

    [Fact]
    public async Task Discord_keeps_the_templates_own_markdown()
    {
        var channel = new DiscordChannel(Sender(_http));
        var settings = Settings<DiscordSettings>(channel, $$"""{"url": "{{receiver.Url("/discord-md")}}", "templates": {"down": "**{slug}** down"} }""");

        await channel.SendAsync(settings, Alert() with { MonitorSlug = "a_b" }, CancellationToken.None);

        var content = System.Text.Json.JsonDocument.Parse(Assert.Single(receiver.Received("/discord-md")).Body).RootElement.GetProperty("content").GetString();
        Assert.Equal("**a\\_b** down", content);
    }

    [Fact]
    public async Task Teams_gets_an_adaptive_card_and_its_202_counts_as_delivered()
    {
        var channel = new TeamsChannel(Sender(_http));
        var settings = Settings<TeamsSettings>(channel, $$"""{"url": "{{receiver.Url("/teams/workflows/status/202")}}"}""");

        var delivery = await channel.SendAsync(settings, Alert(AlertKind.Flapping), CancellationToken.None);

        Assert.Equal(Delivery.Delivered("HTTP 202"), delivery);
        SameJson("""
            {
              "type": "message",
              "attachments": [{
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                  "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                  "type": "AdaptiveCard",
                  "version": "1.4",
                  "body": [
                    {"type": "TextBlock", "text": "API <prod> & \"edge\" is flapping: HTTP 500 from /health_check @everyone",
                     "wrap": true, "weight": "Bolder", "color": "warning"},
                    {"type": "FactSet", "facts": [
                      {"title": "Monitor", "value": "API <prod> & \"edge\""},
                      {"title": "Status", "value": "down"},
                      {"title": "Alert", "value": "flapping"},
                      {"title": "Time", "value": "2026-11-24T00:40:05Z"}
                    ]}
                  ],
                  "actions": [{"type": "Action.OpenUrl", "title": "Open in Vigil", "url": "https://vigil.example/monitors/api-prod"}]
                }
              }]
            }
            """, Assert.Single(receiver.Received("/teams/workflows/status/202")).Body);
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("discord")]
    [InlineData("teams")]
    public void Chat_settings_name_each_bad_field(string type)
    {
        IChannel channel = type switch
        {
            "slack" => new SlackChannel(Sender(_http)),
            "discord" => new DiscordChannel(Sender(_http)),
            _ => new TeamsChannel(Sender(_http)),
        };

        var errors = Errors(channel, """{"url": "not a url", "timeout_seconds": 61, "templates": {"up": "{"}, "secret": "x"}""");

        Assert.Equal(["url", "timeout_seconds", "templates.up", "secret"], errors.Select(e => e.Field));
        Assert.Contains($"not a field of {type} channels", errors[^1].Message);
    }
}
