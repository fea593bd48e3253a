using Microsoft.Extensions.Logging;
using Vigil.Alerting.Dispatch;
using Vigil.Storage.Alerts;
using Vigil.Storage.Writing;

namespace Vigil.Alerting.Pipeline;

/// <summary>
/// Turns the outbox into alerts and hands their deliveries to the worker. One loop does everything, woken when a
/// commit added outbox rows and once a second for what time alone causes (reminders, summaries). Alerts are committed
/// together with the deletion of the outbox rows they came from, before any is sent: a crash in between re-reads the
/// rows, a crash after it finds the deliveries pending at start.
/// </summary>
public sealed class AlertPipeline : IAsyncDisposable
{
    private const int ReadSize = 500;
    private static readonly TimeSpan TickEvery = TimeSpan.FromSeconds(1);

    private readonly IAlertStore _store;
    private readonly Func<StoreCommand, Task> _record;
    private readonly AlertPolicy _policy;
    private readonly DeliveryWorker _worker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private Task? _nudged;
    private long _consumed;
    private long _alerts;
    private int _disposed;

    public AlertPipeline(IAlertStore store, Func<StoreCommand, Task> record, AlertPolicy policy, DeliveryWorker worker, TimeProvider time, ILogger<AlertPipeline> logger)
    {
        _store = store;
        _record = record;
        _policy = policy;
        _worker = worker;
        _time = time;
        _logger = logger;
    }

    /// <summary>Alerts recorded since start (sent, folded or suppressed).</summary>
    public long AlertsRecorded => Interlocked.Read(ref _alerts);

    /// <summary>Resumes what a previous run left (pending deliveries, folded ones, reminders), then starts the loop.</summary>
    public void Start()
    {
        _policy.Resume(_store.LastDownAlerts());
        foreach (var open in _store.LoadOpenDeliveries())
        {
            if (open.State == DeliveryState.Folded)
                _policy.Refold(open);
            else
                _worker.Send(new DeliveryJob(open.Id, open.Channel, _policy.Message(open.AlertUid, open.MonitorId, open.Kind, open.Status, open.Reason, open.At), open.GiveUpAt));
        }
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>Outbox rows were committed: read them now rather than at the next tick.</summary>
    public void Nudge()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; one read takes everything.
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var drained = await DrainOutboxAsync();
                var due = new List<NewAlert>();
                _policy.Tick(_time.GetUtcNow(), drained, due);
                await CommitAndSendAsync(0, due);
            }
            catch (Exception error) when (!stopping.IsCancellationRequested)
            {
                // Nothing is lost: unread rows stay in the outbox, and the next round reads them again.
                _logger.LogError(error, "The alert pipeline failed a round; it retries in a second");
            }
            try
            {
                // One wait on the nudge stays outstanding across rounds, so a nudge is never taken by an abandoned waiter.
                _nudged ??= _wake.WaitAsync(stopping);
                if (await Task.WhenAny(_nudged, Task.Delay(TickEvery, _time, stopping)) == _nudged)
                    _nudged = null;
                stopping.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Reads the outbox to its end; true when it got there (so restart summaries can go out).</summary>
    private async Task<bool> DrainOutboxAsync()
    {
        while (true)
        {
            var entries = _store.ReadOutbox(_consumed, ReadSize);
            if (entries.Count == 0)
                return true;
            var alerts = new List<NewAlert>();
            foreach (var entry in entries)
                _policy.Decide(entry, alerts);
            await CommitAndSendAsync(entries[^1].Id, alerts);
            _consumed = entries[^1].Id;
            if (entries.Count < ReadSize)
                return true;
        }
    }

    private async Task CommitAndSendAsync(long outboxThrough, List<NewAlert> alerts)
    {
        if (alerts.Count == 0 && outboxThrough == 0)
            return;
        await _record(new RecordAlerts(outboxThrough, alerts));
        Interlocked.Add(ref _alerts, alerts.Count);
        _policy.Committed(alerts);
        foreach (var alert in alerts)
        {
            var message = _policy.Message(alert.Uid, alert.MonitorId, alert.Kind, alert.Status, alert.Reason, alert.At);
            foreach (var delivery in alert.Deliveries)
                if (delivery.State == DeliveryState.Pending)
                    _worker.Send(new DeliveryJob(delivery.Id, delivery.Channel, message, delivery.GiveUpAt));
        }
    }

    /// <summary>Stops the loop; safe to call again (the host's stop and its container both do).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
        _wake.Dispose();
    }
}
