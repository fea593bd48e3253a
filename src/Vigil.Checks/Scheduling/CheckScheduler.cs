using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Checks.Pooling;
using Vigil.Checks.Probes;
using Vigil.Core.Checks;
using Vigil.Core.Runtime;
using Vigil.Core.States;

namespace Vigil.Checks.Scheduling;

/// <summary>
/// Runs every active monitor's probe on its interval. Each monitor has fixed slots (its interval, shifted by a phase
/// taken from its id), so load is spread evenly and drift never accumulates. Due runs go through a bounded, prioritised
/// queue into at most <see cref="SchedulerOptions.MaxConcurrent"/> concurrent runs (and a limit per type). When the
/// scheduler falls behind it skips runs and counts them; it never piles work up without bound.
/// </summary>
public sealed class CheckScheduler : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly SchedulerOptions _options;
    private readonly CheckEngine _engine;
    private readonly ILogger _logger;
    private readonly IProbe[] _probes;
    private readonly Dictionary<string, int> _typeIndex;
    private readonly int[] _typeLimit;
    private readonly int[] _typeRunning;
    private bool _shedLowPriority;
    private long _armedFor = long.MaxValue; // UTC ticks the timer fires at; MaxValue when disarmed
    private readonly Func<int, bool> _typeHasRoom;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, ScheduledCheck> _checks = [];
    private readonly PriorityQueue<ScheduledCheck, long> _timeline = new();
    private readonly ReadyQueue _ready;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private int _running;
    private bool _stopped;

    public CheckScheduler(TimeProvider time, SchedulerOptions options, IEnumerable<IProbe> probes, CheckEngine engine, ILogger<CheckScheduler>? logger = null, Meter? meter = null)
    {
        Stats = new SchedulerStats(meter);
        _time = time;
        _options = options;
        _engine = engine;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _probes = [.. probes];
        _typeIndex = _probes.Select((p, i) => (p.Type, i)).ToDictionary(x => x.Type, x => x.i, StringComparer.Ordinal);
        _typeLimit = [.. _probes.Select(p => options.MaxConcurrentPerType.TryGetValue(p.Type, out var limit) ? limit : int.MaxValue)];
        _typeRunning = new int[_probes.Length];
        _typeHasRoom = type => _typeRunning[type] < _typeLimit[type]; // made once: Pump runs on every completion
        _ready = new ReadyQueue(_probes.Length, options.QueueCapacity);
    }

    public SchedulerStats Stats { get; }

    /// <summary>While true (Vigil is short of memory), low-priority runs are skipped at their slots.</summary>
    public bool ShedLowPriority
    {
        get => Volatile.Read(ref _shedLowPriority);
        set => Volatile.Write(ref _shedLowPriority, value);
    }

    /// <summary>Active monitors scheduled.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _checks.Count;
        }
    }

    /// <summary>Runs due and waiting for a free slot.</summary>
    public int QueueDepth
    {
        get
        {
            lock (_gate)
                return _ready.Count;
        }
    }

    /// <summary>Runs in flight.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>The types this scheduler has a probe for.</summary>
    public IEnumerable<string> Types => _typeIndex.Keys;

    /// <summary>Starts the timer. It is armed for the next due slot (at most once per tick), not left ticking: with no
    /// active monitor, or none due for a while, the scheduler does not wake at all.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _timer = _time.CreateTimer(static s => ((CheckScheduler)s!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Arm(_time.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>Schedules an active monitor, or re-plans it after an edit. Its first run is its next slot, so a
    /// start-up with many monitors spreads them over one interval rather than running them all at once.</summary>
    public void Upsert(MonitorRuntime monitor)
    {
        var spec = monitor.Definition.Check;
        if (spec is null || !_typeIndex.TryGetValue(spec.Type, out var type))
        {
            Remove(monitor);
            return;
        }
        lock (_gate)
        {
            if (_checks.TryGetValue(monitor.Seq, out var current))
            {
                if (ReferenceEquals(current.Spec, spec))
                    return;
                current.Retired = true;
            }
            var check = new ScheduledCheck(monitor, spec, type) { Busy = current?.Busy ?? false };
            _checks[monitor.Seq] = check;
            var now = _time.GetUtcNow().UtcTicks;
            var slot = check.NextSlotAfter(now);
            _timeline.Enqueue(check, slot);
            if (Math.Max(slot, now + _options.Tick.Ticks) < _armedFor) // only ever sooner: other slots may be due first
                Arm(now);
        }
    }

    public void Remove(MonitorRuntime monitor)
    {
        lock (_gate)
            if (_checks.Remove(monitor.Seq, out var check))
                check.Retired = true;
    }

    /// <summary>Moves due runs into the queue and starts what the limits allow. Called by the timer; tests call it directly.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            Stats.WakeupCount++;
            var now = _time.GetUtcNow().UtcTicks;
            while (_timeline.TryPeek(out var check, out var due) && due <= now)
            {
                _timeline.Dequeue();
                if (check.Retired)
                    continue;
                _timeline.Enqueue(check, check.NextSlotAfter(now));
                if (check.Monitor.Status == MonitorStatus.Paused)
                    continue;
                if (check.Busy)
                {
                    Stats.SkippedOverlapCount++;
                    continue;
                }
                if (_shedLowPriority && check.Spec.Priority == CheckPriority.Low)
                {
                    Stats.SkippedShedCount++;
                    continue;
                }
                Admit(new ReadyRun(check, due));
            }
            _armedFor = long.MaxValue; // this firing is spent
            Arm(now);
            Pump(now);
        }
    }

    /// <summary>Queues a due run. A full queue gives way to priority: the lowest-priority waiting run is dropped for a
    /// higher one, otherwise the newcomer is.</summary>
    private void Admit(ReadyRun run)
    {
        if (_ready.IsFull)
        {
            Stats.SkippedQueueFullCount++;
            if (!_ready.TryEvictLowerThan(run.Check.Spec.Priority, out var evicted))
                return;
            Release(evicted.Check);
        }
        run.Check.Busy = true;
        _ready.Enqueue(run);
    }

    /// <summary>Sets the timer for the earliest slot on the timeline, but no sooner than one tick from now; disarms it
    /// when the timeline is empty. Under the lock.</summary>
    private void Arm(long now)
    {
        if (_timer is null || _stopped)
            return;
        if (!_timeline.TryPeek(out _, out var due))
        {
            _armedFor = long.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var at = Math.Max(due, now + _options.Tick.Ticks);
        if (at == _armedFor)
            return;
        _armedFor = at;
        _timer.Change(TimeSpan.FromTicks(at - now), Timeout.InfiniteTimeSpan);
    }

    private void Pump(long now)
    {
        while (_running < _options.MaxConcurrent && _ready.TryDequeue(_typeHasRoom, out var run))
        {
            var check = run.Check;
            // Waited past its next slot: that slot runs it fresh, so this stale run would only add load.
            if (check.Retired || now - run.PlannedTicks >= check.Spec.Interval.Ticks)
            {
                Release(check);
                if (!check.Retired)
                    Stats.SkippedStaleCount++;
                continue;
            }
            _running++;
            _typeRunning[check.TypeIndex]++;
            Stats.RunStarted(TimeSpan.FromTicks(now - run.PlannedTicks));
            // Off the lock and off the timer thread: a probe's synchronous start must not hold up the others.
            ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Scheduler.RunAsync(s.Check), new PendingStart(this, check), preferLocal: false);
        }
    }

    private async Task RunAsync(ScheduledCheck check)
    {
        var spec = check.Spec;
        var started = _time.GetUtcNow();
        ProbeResult? outcome = null;
        try
        {
            using var timeout = new CancellationTokenSource(spec.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token);
            try
            {
                outcome = await _probes[check.TypeIndex].RunAsync(spec, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down: no verdict, rather than a false timeout.
            }
            catch (OperationCanceledException)
            {
                outcome = ProbeResult.Failure(CheckError.Timeout, $"no answer within {spec.Timeout.TotalMilliseconds:0} ms", spec.Timeout);
            }
            catch (PoolExhaustedException e)
            {
                outcome = ProbeResult.Failure(CheckError.PoolExhausted, e.Message, _time.GetUtcNow() - started);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "{Type} probe of monitor {Monitor} threw", spec.Type, check.Monitor.Id);
                outcome = ProbeResult.Failure(CheckError.Protocol, e.Message, _time.GetUtcNow() - started);
            }
            if (outcome is not null && !check.Retired)
            {
                var result = ToResult(check, outcome);
                _ = _engine.Record(check.Monitor, result);
                Stats.RunFinished(spec.Type, result);
            }
        }
        finally
        {
            Finished(check);
        }
    }

    private CheckResult ToResult(ScheduledCheck check, ProbeResult outcome)
    {
        var spec = check.Spec;
        var status = !outcome.Ok ? CheckStatus.Down
            : spec.DegradedAfter is { } slow && outcome.Latency > slow ? CheckStatus.Degraded
            : CheckStatus.Up;
        return new CheckResult(check.Monitor.Id, check.Monitor.Seq, _time.GetUtcNow(), status, outcome.Latency, outcome.Error, outcome.Message, outcome.Phases);
    }

    private void Finished(ScheduledCheck check)
    {
        lock (_gate)
        {
            _running--;
            _typeRunning[check.TypeIndex]--;
            Release(check);
            if (_stopped)
            {
                if (_running == 0)
                    _drained.TrySetResult();
                return;
            }
            Pump(_time.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>
    /// Ends a run (queued or in flight). An edit replaces a busy monitor's entry with one that inherits its busy flag,
    /// so one run at a time still holds across the edit; when the replaced entry's run ends, the new entry is free.
    /// Caller holds the lock.
    /// </summary>
    private void Release(ScheduledCheck check)
    {
        check.Busy = false;
        if (check.Retired && _checks.TryGetValue(check.Monitor.Seq, out var current) && !ReferenceEquals(current, check))
            current.Busy = false;
    }

    /// <summary>Stops scheduling, cancels runs in flight (they record nothing) and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            _stopped = true;
            if (_running == 0)
                _drained.TrySetResult();
        }
        if (_timer is not null)
            await _timer.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _drained.Task.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed record PendingStart(CheckScheduler Scheduler, ScheduledCheck Check);
}
