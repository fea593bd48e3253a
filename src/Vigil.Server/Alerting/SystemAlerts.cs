using Vigil.Core.Alerts;
using Vigil.Server.Observability.Thresholds;
using Vigil.Storage.Writing;

namespace Vigil.Server.Alerting;

/// <summary>
/// Watches Vigil itself once a second and raises its own alerts: pings refused, the write queue nearly full, storage
/// failing, and the configured performance thresholds. Each is told once when it starts and once when it is over.
/// It also remembers when Vigil last refused a ping, so a heartbeat that went down meanwhile is not blamed on the job.
/// </summary>
public sealed class SystemAlerts(BatchWriter writer, ThresholdMonitor thresholds, TimeProvider time) : IHostedService, IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    // A spell of refusals or failures is over after this long without one.
    private static readonly TimeSpan QuietAfter = TimeSpan.FromMinutes(2);

    private ITimer? _timer;
    private long _rejectedSeen;
    private long _failuresSeen;
    private DateTimeOffset? _refusing;
    private DateTimeOffset? _failing;
    private bool _queueFull;
    private long _lastRefusal;

    /// <summary>When Vigil last refused a ping or failed a commit; null if never since start.</summary>
    public DateTimeOffset? LastPingRefusal => Interlocked.Read(ref _lastRefusal) is var ms && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _rejectedSeen = writer.Stats.Rejected;
        _failuresSeen = writer.Stats.Failures;
        thresholds.Changed += OnThreshold;
        _timer = time.CreateTimer(_ => Check(), null, Tick, Tick);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        thresholds.Changed -= OnThreshold;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    private void Check()
    {
        var now = time.GetUtcNow();
        var rejected = writer.Stats.Rejected;
        var failures = writer.Stats.Failures;
        Spell(ref _refusing, rejected - _rejectedSeen, now, NoticeKinds.PingsRefused,
            n => $"Vigil refused {n} ping(s) because its write queue was full; jobs whose pings were refused may show as down",
            "Vigil is accepting pings again");
        Spell(ref _failing, failures - _failuresSeen, now, NoticeKinds.Storage,
            n => $"committing to storage failed {n} time(s); Vigil keeps retrying and drops nothing, but pings wait meanwhile",
            "storage commits succeed again");
        if (rejected != _rejectedSeen || failures != _failuresSeen)
            Interlocked.Exchange(ref _lastRefusal, now.ToUnixTimeMilliseconds());
        (_rejectedSeen, _failuresSeen) = (rejected, failures);

        var depth = writer.QueueDepth;
        if (!_queueFull && depth >= writer.Capacity * 9L / 10)
        {
            _queueFull = true;
            Raise(now, NoticeKinds.WriteQueue, $"the write queue holds {depth} of {writer.Capacity} writes; new pings are refused once it is full");
        }
        else if (_queueFull && depth < writer.Capacity / 2)
        {
            _queueFull = false;
            Raise(now, NoticeKinds.WriteQueue, $"the write queue is back to {depth} of {writer.Capacity} writes", resolves: true);
        }
    }

    /// <summary>Starts a spell on the first new event, ends it after <see cref="QuietAfter"/> without one.</summary>
    private void Spell(ref DateTimeOffset? since, long newEvents, DateTimeOffset now, string kind, Func<long, string> started, string over)
    {
        if (newEvents > 0)
        {
            if (since is null)
                Raise(now, kind, started(newEvents));
            since = now;
        }
        else if (since is { } last && now - last >= QuietAfter)
        {
            since = null;
            Raise(now, kind, over, resolves: true);
        }
    }

    private void OnThreshold(ThresholdChange change) =>
        Raise(change.At, NoticeKinds.Performance, change.Breached
            ? $"{change.Threshold} breached: {change.Value:0.##} {change.Unit} against a limit of {change.Limit:0.##} {change.Unit}"
            : $"{change.Threshold} is back within its limit of {change.Limit:0.##} {change.Unit}", resolves: !change.Breached);

    // Not awaited: the notice is committed with the next batch, and when storage is failing, once it works again.
    private void Raise(DateTimeOffset at, string kind, string reason, bool resolves = false) =>
        _ = writer.Append(AlertNotice.System(at, kind, reason, resolves));
}
