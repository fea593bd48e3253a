using System.Text.Json.Nodes;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Configuration.ConfigTestData;

namespace Vigil.Server.Tests.Alerting;

/// <summary><c>channels:</c> in the config file: read, validated with key paths, applied by name at start.</summary>
public sealed class ConfigChannelTests(AlertReceiver receiver) : IClassFixture<AlertReceiver>
{
    [Fact]
    public void Channels_are_read_with_env_values_as_strings()
    {
        var channels = Valid("""
            channels:
              - name: ops-mail
                type: smtp
                host: smtp.example.com
                from: vigil@example.com
                to: [ops@example.com]
                username: vigil
                password: ${SMTP_PASSWORD}
              - name: chat
                type: slack
                url: https://hooks.slack.com/services/${SLACK_TOKEN}
              - name: hook
                type: webhook
                url: https://hooks.example.com/vigil
                headers: {X-Note: "costs $${PRICE}"}
            """, Vars(("SMTP_PASSWORD", "12345678"), ("SLACK_TOKEN", "T0/B0/XYZ"))).Channels;

        Assert.Equal(["ops-mail", "chat", "hook"], channels.Select(c => c.Name));
        Assert.Equal(["channels[0]", "channels[1]", "channels[2]"], channels.Select(c => c.KeyPath));
        var mail = JsonNode.Parse(channels[0].SettingsJson)!;
        Assert.Equal("12345678", mail["password"]!.GetValue<string>()); // digits from the environment stay a string
        Assert.Null(mail["name"]);
        var chat = JsonNode.Parse(channels[1].SettingsJson)!;
        Assert.Equal("https://hooks.slack.com/services/T0/B0/XYZ", (string)chat["url"]!);
        Assert.Equal("costs ${PRICE}", (string)JsonNode.Parse(channels[2].SettingsJson)!["headers"]!["X-Note"]!);
        Assert.DoesNotContain("12345678", channels[0].ToString());
    }

    [Fact]
    public void Errors_name_the_key_path()
    {
        var errors = Errors("""
            channels:
              - name: a
                type: webhook
                url: ${HOOK_URL}
                secret: ${EMPTY}
              - name: A
                type: webhook
                url: not a url
                timeout_seconds: 99
              - type: pager
              - name: c
                type: smtp
                host: h
                from: a@example.com
                to: [b@example.com]
                password: x${oops
              - name: d
                type: slack
                url: https://hooks.slack.com/x
                headers: {a: b}
            """, Vars(("EMPTY", "")));

        Assert.Equal(
        [
            "channels[0].url: the environment variable HOOK_URL is not set",
            "channels[0].secret: the environment variable EMPTY is empty",
            "channels[1].name: 'A' is already used by channels[0] (names are unique, ignoring case)",
            "channels[1].url: must be an absolute http:// or https:// URL of at most 2048 characters",
            "channels[1].timeout_seconds: must be a whole number from 1 to 60",
            "channels[2].name: is required (channels are matched by name)",
            "channels[2].type: must be one of webhook, slack, discord, teams, smtp, alertmanager, shell",
            "channels[3].password: '${' must start a reference to an environment variable such as ${SMTP_PASSWORD} (write $${ for a literal ${)",
            "channels[4].headers: is not a field of slack channels (known: url, timeout_seconds, templates)",
        ], errors);
    }

    [Fact]
    public void Channels_can_only_be_set_in_the_file()
    {
        Assert.Contains(Errors("", Vars(("VIGIL_CHANNELS", "x"))), e => e.Contains("channels can only be set in the config file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Config_channels_are_created_then_updated_by_name_and_take_secrets_from_the_environment()
    {
        const string EnvSecret = "env-Secret-abcdef012345";
        string Yaml(int timeout) => $"""
            channels:
              - name: Ops hook
                type: webhook
                url: {receiver.Url("/config/hook")}
                secret: {"${HOOK_SECRET}"}
                timeout_seconds: {timeout}
            """;
        var env = Vars(("HOOK_SECRET", EnvSecret));
        var host = await VigilHost.StartAsync(o => o with { Channels = Valid(Yaml(5), env).Channels });
        try
        {
            var created = await GetAsync(host, "ops hook");
            Assert.Equal(("(set)", 5), ((string)created["secret"]!, (int)created["timeout_seconds"]!));
            Assert.DoesNotContain(EnvSecret, created.ToJsonString());
            Assert.Equal("delivered", (string)(await ChannelApiTests.TestAsync(host, "Ops hook"))["outcome"]!);
            ChannelApiTests.AssertSigned(Assert.Single(receiver.Received("/config/hook")), EnvSecret);

            // The same file again changes nothing; an edited one updates the channel in place (same id).
            host.Time.Advance(TimeSpan.FromHours(1));
            host = await host.RestartAsync();
            Assert.True(JsonNode.DeepEquals(created, await GetAsync(host, "Ops hook")));
            host = await host.RestartAsync(o => o with { Channels = Valid(Yaml(9), env).Channels });
            var updated = await GetAsync(host, "Ops hook");
            Assert.Equal((created["id"]!.ToString(), 9), (updated["id"]!.ToString(), (int)updated["timeout_seconds"]!));
            Assert.Equal(VigilHost.Epoch.AddHours(1), updated["updated_at"]!.GetValue<DateTimeOffset>());
            using var list = await host.Client.GetAsync("/api/v1/channels");
            Assert.Equal(1, (int)(await HttpAssert.ReadObject(list))["total"]!);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_config_shell_channel_on_a_server_without_shell_fails_the_start_naming_the_key()
    {
        var channels = Valid("""
            channels:
              - name: hook
                type: slack
                url: https://hooks.slack.com/x
              - name: page
                type: shell
                command: [/bin/true]
            """).Channels;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => VigilHost.StartAsync(o => o with { Channels = channels }));

        Assert.Contains("channels[1].type: the shell channel is disabled on this server; enable it with alerts.allow_shell_channel: true", error.Message);
    }

    private static async Task<JsonObject> GetAsync(VigilHost host, string name)
    {
        using var response = await host.Client.GetAsync($"/api/v1/channels/{Uri.EscapeDataString(name)}");
        await HttpAssert.Expect(response, 200);
        return await HttpAssert.ReadObject(response);
    }
}
