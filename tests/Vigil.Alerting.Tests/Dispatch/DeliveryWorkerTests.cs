using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Alerting.Channels;
using Vigil.Alerting.Channels.Http;
using Vigil.Alerting.Dispatch;
using Vigil.Alerting.Tests.Http;
using Vigil.Storage.Alerts;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;
using static Vigil.Alerting.Tests.Http.ChannelTestKit;

namespace Vigil.Alerting.Tests.Dispatch;

/// <summary>The delivery worker sending through a real webhook channel to a receiver on loopback, recording into real SQLite.</summary>
public sealed class DeliveryWorkerTests(HttpReceiver receiver) : IClassFixture<HttpReceiver>, IAsyncLifetime
{
    private static readonly DeliveryOptions Fast = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2), 4);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vigil-delivery-" + Guid.NewGuid().ToString("N"));
    private readonly HttpMessageInvoker _http = new(AlertHttp.CreateHandler());
    private SqliteStore _store = null!;
    private BatchWriter _writer = null!;

    public Task InitializeAsync()
    {
        _store = new SqliteStore(_dir);
        _store.Migrate();
        _writer = new BatchWriter(_store, WriterOptions.Default, NullLogger<BatchWriter>.Instance);
        _writer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DrainAsync();
        _store.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_alert_once_it_recovers_with_the_same_idempotency_key()
    {
        var (worker, job) = await Prepare("/worker/flaky/2", Fast);
        worker.Send(job);
        var delivery = await Settled(job.DeliveryId);

        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Equal(["HTTP 503", "HTTP 503", "HTTP 200"], delivery.History.Select(a => a.Detail[..8]));
        var requests = receiver.Received("/worker/flaky/2");
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(job.Message.Id.ToString(), r.Headers["Idempotency-Key"]));
        Assert.Equal(1, worker.Stats.Delivered);
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task A_refusal_goes_straight_to_the_dead_letter()
    {
        var (worker, job) = await Prepare("/worker/status/410", Fast);
        worker.Send(job);
        var delivery = await Settled(job.DeliveryId);

        Assert.Equal(DeliveryState.Dead, delivery.State);
        Assert.Single(delivery.History);
        Assert.Single(receiver.Received("/worker/status/410"));
        Assert.Single(_store.ReadAlerts(new AlertQuery(null, null, 10, DeadOnly: true)));
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task A_receiver_down_past_the_retry_time_goes_dead_and_is_not_retried_further()
    {
        var (worker, job) = await Prepare("/worker/status/503", Fast with { RetryFor = TimeSpan.FromSeconds(4) });
        worker.Send(job);
        var delivery = await Settled(job.DeliveryId);

        Assert.Equal(DeliveryState.Dead, delivery.State);
        Assert.True(delivery.History.Count >= 2, $"retried before giving up ({delivery.History.Count} attempts)");
        var sent = receiver.Received("/worker/status/503").Count;
        await Task.Delay(300);
        Assert.Equal(sent, receiver.Received("/worker/status/503").Count);
        Assert.Equal(1, worker.Stats.Dead);
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task A_slow_receiver_is_cut_off_at_the_send_timeout_and_retried()
    {
        var (worker, job) = await Prepare("/worker/slow", Fast with { SendTimeout = TimeSpan.FromMilliseconds(200), RetryFor = TimeSpan.FromSeconds(1) });
        worker.Send(job);
        var delivery = await Settled(job.DeliveryId);

        Assert.Equal(DeliveryState.Dead, delivery.State);
        Assert.All(delivery.History, a => Assert.Equal(1, a.Outcome));
        Assert.Contains("no answer within", delivery.History[0].Detail, StringComparison.Ordinal);
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_leaves_an_unfinished_delivery_pending_for_the_next_start()
    {
        var (worker, job) = await Prepare("/worker/status/500", Fast with { RetryInitial = TimeSpan.FromMinutes(1) });
        worker.Send(job);
        await Eventually(() => _store.ReadAlerts(new AlertQuery(null, null, 1))[0].Deliveries[0].Attempts == 1);
        await worker.DisposeAsync();

        var open = Assert.Single(_store.LoadOpenDeliveries());
        Assert.Equal((job.DeliveryId, DeliveryState.Pending), (open.Id, open.State));
    }

    [Fact]
    public async Task A_deleted_channel_fails_the_delivery_without_sending()
    {
        var (_, job) = await Prepare("/worker/deleted", Fast);
        var worker = new DeliveryWorker(_ => null, _writer.Submit, Fast, TimeProvider.System, NullLogger<DeliveryWorker>.Instance, new DeliveryStats());
        worker.Send(job);
        var delivery = await Settled(job.DeliveryId);

        Assert.Equal((DeliveryState.Dead, "the channel was deleted"), (delivery.State, delivery.LastDetail));
        Assert.Empty(receiver.Received("/worker/deleted"));
        await worker.DisposeAsync();
    }

    /// <summary>A stored alert with one delivery to a webhook at <paramref name="path"/>, and a worker that sends through it.</summary>
    private async Task<(DeliveryWorker, DeliveryJob)> Prepare(string path, DeliveryOptions options)
    {
        var channel = new WebhookChannel(Sender(_http));
        var settings = Settings<WebhookSettings>(channel, $$"""{"url": "{{receiver.Url(path)}}"}""");
        var channelId = Guid.NewGuid();
        var message = Alert() with { Id = Guid.NewGuid() };
        var alert = new NewAlert(message.Id, message.MonitorId, "down", "down", message.Reason, message.At, DateTimeOffset.UtcNow, null,
            [new NewDelivery(channelId, DeliveryState.Pending, DateTimeOffset.UtcNow + options.RetryFor)]);
        await _writer.Submit(new RecordAlerts(0, [alert]));
        var target = new ChannelTarget("hook", channel, settings);
        var worker = new DeliveryWorker(id => id == channelId ? target : null, _writer.Submit, options, TimeProvider.System,
            NullLogger<DeliveryWorker>.Instance, new DeliveryStats());
        return (worker, new DeliveryJob(alert.Deliveries[0].Id, channelId, message, alert.Deliveries[0].GiveUpAt));
    }

    private async Task<StoredDelivery> Settled(long deliveryId)
    {
        StoredDelivery? found = null;
        await Eventually(() =>
        {
            found = _store.ReadAlerts(new AlertQuery(null, null, 100)).SelectMany(a => a.Deliveries).Single(d => d.Id == deliveryId);
            return found.State != DeliveryState.Pending;
        });
        return found!;
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold within 20 s");
            await Task.Delay(20);
        }
    }
}
