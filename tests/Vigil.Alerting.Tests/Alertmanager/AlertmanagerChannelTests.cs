using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Alerting.Channels;
using Vigil.Alerting.Channels.Http;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Tests.Alertmanager;

public sealed class AlertmanagerChannelTests(AlertmanagerServer alertmanager) : IClassFixture<AlertmanagerServer>
{
    private readonly AlertmanagerChannel _channel = new(alertmanager.Http);

    [Fact]
    public async Task A_down_alert_fires_in_alertmanager_and_the_up_alert_resolves_it()
    {
        var settings = Read($$$"""{"url": "{{{alertmanager.BaseAddress}}}", "labels": {"team": "payments"}}""");
        var down = TestAlerts.Down(Guid.NewGuid());

        var sent = await _channel.SendAsync(settings, down, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, sent.Outcome);
        var firing = Assert.Single(await AlertsOf(down.MonitorId));
        Assert.Equal("active", firing.GetProperty("status").GetProperty("state").GetString());
        var labels = firing.GetProperty("labels");
        Assert.Equal("Billing API", labels.GetProperty("monitor").GetString());
        Assert.Equal("billing-api", labels.GetProperty("slug").GetString());
        Assert.Equal("critical", labels.GetProperty("severity").GetString());
        Assert.Equal("payments", labels.GetProperty("team").GetString());
        Assert.Contains("connection refused", firing.GetProperty("annotations").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(down.Link, firing.GetProperty("generatorURL").GetString());

        var up = await _channel.SendAsync(settings, TestAlerts.Up(down), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, up.Outcome);
        // A resolved alert leaves the active list.
        Assert.Empty(await AlertsOf(down.MonitorId));
    }

    [Fact]
    public async Task Alertmanager_down_is_a_retry()
    {
        var settings = Read("""{"url": "http://127.0.0.1:1/", "timeout_seconds": 5}""");

        var sent = await _channel.SendAsync(settings, TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, sent.Outcome);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, DeliveryOutcome.Delivered)]
    [InlineData(HttpStatusCode.BadRequest, DeliveryOutcome.Failed)]
    [InlineData(HttpStatusCode.NotFound, DeliveryOutcome.Failed)]
    [InlineData(HttpStatusCode.RequestTimeout, DeliveryOutcome.Retry)]
    [InlineData(HttpStatusCode.TooManyRequests, DeliveryOutcome.Retry)]
    [InlineData(HttpStatusCode.ServiceUnavailable, DeliveryOutcome.Retry)]
    public void Http_status_maps_to_outcome(HttpStatusCode status, DeliveryOutcome expected) =>
        Assert.Equal(expected, HttpOutcome.Of(new HttpResponseMessage(status), TimeProvider.System).Outcome); // the mapping the channel sends through

    [Fact]
    public void Read_names_every_bad_field()
    {
        var errors = new List<FieldError>();

        var settings = _channel.Read(Json("""{"name": "am", "type": "alertmanager", "url": "ftp://x", "labels": {"severity": "x", "9bad": "y"}, "timeout_seconds": 0, "colour": "red"}"""), errors);

        Assert.Null(settings);
        Assert.Equal(["colour", "labels", "labels", "timeout_seconds", "url"], errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void A_missing_url_is_named()
    {
        var errors = new List<FieldError>();

        Assert.Null(_channel.Read(Json("""{"name": "am", "type": "alertmanager"}"""), errors));
        Assert.Equal("url", Assert.Single(errors).Field);
    }

    [Fact]
    public void A_path_prefix_is_kept()
    {
        Assert.Equal(new Uri("https://example.com/alertmanager/"), Read("""{"url": "https://example.com/alertmanager"}""").Url);
    }

    [Fact]
    public void Header_values_stay_out_of_the_settings_text()
    {
        var settings = Read("""{"url": "http://127.0.0.1:9093/", "headers": {"Authorization": "Bearer hunter2"}}""");

        Assert.DoesNotContain("hunter2", settings.ToString(), StringComparison.Ordinal);
    }

    private AlertmanagerSettings Read(string json)
    {
        var errors = new List<FieldError>();
        var settings = _channel.Read(Json(json), errors);
        Assert.Empty(errors);
        return Assert.IsType<AlertmanagerSettings>(settings);
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private async Task<List<JsonElement>> AlertsOf(Guid monitorId)
    {
        var query = Uri.EscapeDataString($"monitor_id=\"{monitorId}\"");
        var body = await alertmanager.Http.GetStringAsync(new Uri(alertmanager.BaseAddress, $"api/v2/alerts?filter={query}"));
        return [.. JsonDocument.Parse(Encoding.UTF8.GetBytes(body)).RootElement.Clone().EnumerateArray()];
    }
}
