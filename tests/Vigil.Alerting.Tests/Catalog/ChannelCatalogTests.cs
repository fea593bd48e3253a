using System.Text.Json;
using Vigil.Alerting.Channels;
using Vigil.Alerting.Tests.Http;
using Vigil.Core.Channels;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Tests.Catalog;

public sealed class ChannelCatalogTests(HttpReceiver receiver) : IClassFixture<HttpReceiver>
{
    private static (IChannel Channel, ChannelSettings Settings)? Read(ChannelCatalog catalog, string type, string json, List<FieldError> errors)
    {
        using var document = JsonDocument.Parse(json);
        return catalog.Read(type, document.RootElement, errors);
    }

    private static ChannelDefinition Definition(string type, string settings) =>
        new(Guid.NewGuid(), "ops", type, settings, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Every_type_is_there_by_name_and_shell_only_when_allowed()
    {
        using var without = ChannelCatalog.Create(TimeProvider.System, allowShell: false);
        using var with = ChannelCatalog.Create(TimeProvider.System, allowShell: true);

        Assert.Equal(["webhook", "slack", "discord", "teams", "smtp", "alertmanager"], without.Types);
        Assert.Equal(["webhook", "slack", "discord", "teams", "smtp", "alertmanager", "shell"], with.Types);
        foreach (var type in with.Types)
        {
            Assert.True(with.TryGet(type, out var channel));
            Assert.Equal(type, channel.Type);
        }
        Assert.False(without.TryGet("shell", out _));
    }

    [Fact]
    public void A_disabled_shell_channel_is_an_error_on_type_saying_how_to_enable_it()
    {
        using var catalog = ChannelCatalog.Create(TimeProvider.System, allowShell: false);
        var errors = new List<FieldError>();

        Assert.Null(Read(catalog, "shell", """{"command": ["/bin/true"]}""", errors));

        var error = Assert.Single(errors);
        Assert.Equal("type", error.Field);
        Assert.Contains("alerts.allow_shell_channel: true", error.Message);
    }

    [Fact]
    public void An_unknown_type_lists_the_known_ones_and_settings_errors_carry_the_prefix()
    {
        using var catalog = ChannelCatalog.Create(TimeProvider.System, allowShell: true);
        var errors = new List<FieldError>();

        Assert.Null(Read(catalog, "pager", "{}", errors));
        Assert.Null(catalog.Read("webhook", JsonDocument.Parse("""{"url": "ftp://x", "secret": "short"}""").RootElement, errors, "channels[3]."));

        Assert.Equal(["type", "channels[3].url", "channels[3].secret"], errors.Select(e => e.Field));
        Assert.Equal("must be one of webhook, slack, discord, teams, smtp, alertmanager, shell", errors[0].Message);
    }

    [Fact]
    public async Task The_http_types_share_one_client_and_deliver_to_a_real_receiver()
    {
        using var catalog = ChannelCatalog.Create(TimeProvider.System, allowShell: false);

        foreach (var type in (string[])["webhook", "slack", "discord", "teams"])
        {
            var live = catalog.Open(Definition(type, $$"""{"url": "{{receiver.Url($"/catalog/{type}")}}"}"""));
            Assert.Null(live.Problem);
            var delivery = await live.Channel.SendAsync(live.Settings, TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);
            Assert.Equal((DeliveryOutcome.Delivered, "HTTP 200"), (delivery.Outcome, delivery.Detail));
            Assert.Single(receiver.Received($"/catalog/{type}"));
        }
    }

    [Fact]
    public async Task A_stored_channel_that_no_longer_validates_stays_but_every_send_fails_with_the_reason()
    {
        using var catalog = ChannelCatalog.Create(TimeProvider.System, allowShell: false);

        var shell = catalog.Open(Definition("shell", """{"command": ["/bin/true"]}"""));
        var unknown = catalog.Open(Definition("pager", """{"token": "abc", "level": 3}"""));

        Assert.Equal($"type: {ChannelCatalog.ShellDisabled}", shell.Problem);
        var sent = await shell.Channel.SendAsync(shell.Settings, TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Failed, sent.Outcome);
        Assert.Contains("alerts.allow_shell_channel", sent.Detail);
        // A type this version does not know: nothing is known about its secrets, so every value is hidden.
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse("""{"token":"(set)","level":"(set)"}"""),
            ChannelSecrets.Redact(unknown.Definition.SettingsJson, unknown.Channel.Secrets)));
    }
}
