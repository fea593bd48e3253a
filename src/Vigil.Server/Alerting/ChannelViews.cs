using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Alerting.Channels;

namespace Vigil.Server.Alerting;

/// <summary>
/// A channel as the API shows it: the fields a POST takes (name, type, the type's settings at the top level) with every
/// secret redacted, plus id and times. A redacted secret sent back in a PATCH keeps the stored one.
/// </summary>
public sealed record ChannelView(Guid Id, string Name, string Type, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Problem)
{
    /// <summary>The type's settings, secrets redacted. Settable: the source generator cannot pair extension data with an initializer.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Settings { get; set; }

    public static ChannelView Of(LiveChannel live)
    {
        var d = live.Definition;
        var redacted = ChannelSecrets.Redact(d.SettingsJson, live.Channel.Secrets);
        return new ChannelView(d.Id, d.Name, d.Type, d.CreatedAt, d.UpdatedAt, live.Problem)
        {
            Settings = redacted.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, ChannelViewJson.Default.JsonNode)),
        };
    }
}

public sealed record ChannelList(IReadOnlyList<ChannelView> Channels, int Total);

/// <summary>What <c>POST /api/v1/channels/{id}/test</c> answers: the send's outcome (delivered, retry, failed) and detail.</summary>
public sealed record ChannelTestView(string Outcome, string Detail);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChannelView))]
[JsonSerializable(typeof(ChannelList))]
[JsonSerializable(typeof(ChannelTestView))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
public sealed partial class ChannelViewJson : JsonSerializerContext;
