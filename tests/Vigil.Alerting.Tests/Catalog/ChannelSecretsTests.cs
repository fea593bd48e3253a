using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Alerting.Channels;

namespace Vigil.Alerting.Tests.Catalog;

public sealed class ChannelSecretsTests
{
    private static readonly IReadOnlySet<string> Own = new HashSet<string> { "name", "type" };

    private static IReadOnlyList<SecretSetting> SecretsOf(string type)
    {
        using var catalog = ChannelCatalog.Create(TimeProvider.System, allowShell: true);
        return catalog.SecretsOf(type)!;
    }

    private static JsonObject Merge(string stored, string patch, string type) =>
        ChannelSecrets.Merge(stored, JsonDocument.Parse(patch).RootElement, SecretsOf(type), Own);

    private static void SameJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    [Theory]
    [InlineData("webhook", """{"url":"https://user:pw@hooks.example.com:8443/vigil/T0K3N?sig=abc","secret":"0123456789abcdef0","headers":{"Authorization":"Bearer xyz","X-Team":"ops"},"timeout_seconds":5}""",
        """{"url":"https://hooks.example.com:8443/…","secret":"(set)","headers":{"Authorization":"(set)","X-Team":"(set)"},"timeout_seconds":5}""")]
    [InlineData("slack", """{"url":"https://hooks.slack.com/services/T000/B000/XXXX"}""", """{"url":"https://hooks.slack.com/…"}""")]
    [InlineData("discord", """{"url":"https://discord.com/api/webhooks/1/tok"}""", """{"url":"https://discord.com/…"}""")]
    [InlineData("teams", """{"url":"https://prod.westeurope.logic.azure.com/workflows/1?sig=tok"}""", """{"url":"https://prod.westeurope.logic.azure.com/…"}""")]
    [InlineData("smtp", """{"host":"smtp.example.com","from":"a@example.com","to":["b@example.com"],"username":"vigil","password":"hunter2"}""",
        """{"host":"smtp.example.com","from":"a@example.com","to":["b@example.com"],"username":"vigil","password":"(set)"}""")]
    [InlineData("alertmanager", """{"url":"http://am:9093/prefix","headers":{"Authorization":"Basic abc"},"labels":{"team":"ops"}}""",
        """{"url":"http://am:9093/…","headers":{"Authorization":"(set)"},"labels":{"team":"ops"}}""")]
    [InlineData("shell", """{"command":["/usr/local/bin/page","--team","ops"]}""", """{"command":["/usr/local/bin/page","--team","ops"]}""")]
    public void Each_type_redacts_its_secrets(string type, string stored, string shown)
    {
        SameJson(shown, ChannelSecrets.Redact(stored, SecretsOf(type)));
    }

    [Fact]
    public void A_patch_without_secrets_or_with_their_redacted_form_keeps_them()
    {
        const string Stored = """{"url":"https://hooks.example.com/T0K3N","secret":"0123456789abcdef0","headers":{"Authorization":"Bearer xyz","X-Team":"ops"}}""";

        SameJson(
            """{"url":"https://hooks.example.com/T0K3N","secret":"0123456789abcdef0","headers":{"Authorization":"Bearer xyz","X-Team":"ops"},"timeout_seconds":3}""",
            Merge(Stored, """{"name":"renamed","timeout_seconds":3}""", "webhook"));
        // What a GET showed, sent back with one header changed and one added.
        SameJson(
            """{"url":"https://hooks.example.com/T0K3N","secret":"0123456789abcdef0","headers":{"authorization":"Bearer xyz","X-Team":"dev","X-New":"1"}}""",
            Merge(Stored, """{"url":"https://hooks.example.com/…","secret":"(set)","headers":{"authorization":"(set)","X-Team":"dev","X-New":"1"}}""", "webhook"));
    }

    [Fact]
    public void A_patch_replaces_given_values_and_null_removes_a_field()
    {
        const string Stored = """{"url":"https://hooks.example.com/OLD","secret":"0123456789abcdef0","timeout_seconds":3}""";

        SameJson("""{"url":"https://other.example.com/NEW","timeout_seconds":3}""",
            Merge(Stored, """{"url":"https://other.example.com/NEW","secret":null}""", "webhook"));
    }

    [Fact]
    public void The_redacted_form_is_not_a_value_for_a_secret_that_was_never_set()
    {
        var merged = Merge("""{"url":"https://hooks.example.com/x"}""", """{"secret":"(set)"}""", "webhook");

        Assert.Equal("(set)", merged["secret"]!.GetValue<string>());
    }
}
