using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Alerting.Channels;
using Vigil.Alerting.Channels.Http;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Tests.Http;

/// <summary>The pieces the HTTP channel tests share: one alert, settings read from JSON as the API would, JSON comparison.</summary>
internal static class ChannelTestKit
{
    public static readonly Guid AlertId = Guid.Parse("0b5e7c1a-1111-4a2b-9c3d-5e6f7a8b9c0d");
    public static readonly Guid MonitorId = Guid.Parse("7d1f2e3a-2222-4b5c-8d9e-0f1a2b3c4d5e");
    public static readonly DateTimeOffset At = new(2026, 11, 24, 0, 40, 5, TimeSpan.Zero);

    /// <summary>Values with characters every format must escape: quotes, angle brackets, ampersand, Markdown, a mention.</summary>
    public static AlertMessage Alert(AlertKind kind = AlertKind.Down, string? link = "https://vigil.example/monitors/api-prod") =>
        new(AlertId, kind, MonitorId, "API <prod> & \"edge\"", "api-prod", "down", "HTTP 500 from /health_check @everyone", At, link);

    public static HttpChannelSender Sender(HttpMessageInvoker http, TimeProvider? time = null) => new(http, time ?? TimeProvider.System);

    public static T Settings<T>(IChannel channel, string json) where T : ChannelSettings
    {
        var errors = new List<FieldError>();
        var settings = channel.Read(JsonDocument.Parse(json).RootElement, errors);
        Assert.Empty(errors);
        return Assert.IsType<T>(settings);
    }

    public static List<FieldError> Errors(IChannel channel, string json)
    {
        var errors = new List<FieldError>();
        Assert.Null(channel.Read(JsonDocument.Parse(json).RootElement, errors));
        return errors;
    }

    public static void SameJson(string expected, byte[] actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)),
            $"expected {JsonNode.Parse(expected)!.ToJsonString()}\nactual   {JsonNode.Parse(actual)!.ToJsonString()}");
}
