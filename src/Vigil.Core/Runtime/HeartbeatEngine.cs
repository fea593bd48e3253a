using System.Diagnostics.Metrics;
using Vigil.Core.Alerts;
using Vigil.Core.Deadlines;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;
using Vigil.Core.States;

namespace Vigil.Core.Runtime;

/// <summary>Limits the engine applies to pings.</summary>
public sealed record HeartbeatLimits(int RateLimit, TimeSpan RateWindow)
{
    public static readonly HeartbeatLimits Default = new(100, TimeSpan.FromSeconds(10));
}

/// <summary>
/// Heartbeat monitoring in memory: records pings on monitors, moves their states, and sweeps the deadline wheel.
/// Everything that must be stored goes to the <see cref="IEventSink"/>; the engine never waits on storage itself.
/// </summary>
public sealed class HeartbeatEngine
{
    public const string MissedWhileDownPrefix = "missed while Vigil was down: ";

    private readonly TimeProvider _time;
    private readonly IEventSink _sink;
    private readonly HeartbeatLimits _limits;
    private readonly Lock _sweepGate = new();

    public HeartbeatEngine(TimeProvider time, IEventSink sink, HeartbeatLimits limits, TimeSpan wheelSlot, Meter? meter = null)
    {
        Stats = new DeadlineStats(meter);
        _time = time;
        _sink = sink;
        _limits = limits;
        Wheel = new DeadlineWheel(wheelSlot, time.GetUtcNow());
    }

    public MonitorRegistry Monitors { get; } = new();

    public DeadlineWheel Wheel { get; }

    public DeadlineStats Stats { get; }

    /// <summary>
    /// The run-quality rules that apply to a monitor: its own by default; the server adds the configured defaults.
    /// Asked on success pings and when judging an open run, so it must be cheap and must not allocate.
    /// </summary>
    public Func<MonitorDefinition, RunRules?> RunRulesOf { get; init; } = static definition => definition.Alerts?.Runs;

    /// <summary>
    /// Rebuilds the monitors storage holds, judging each against the clock. A deadline that passed while Vigil was
    /// not running is recorded as such, so the reason says it plainly; one whose deadline has not passed is left alone.
    /// </summary>
    public void Load(IReadOnlyCollection<MonitorRecord> records) => Load(records, records.Count);

    /// <inheritdoc cref="Load(IReadOnlyCollection{MonitorRecord})"/>
    /// <param name="records">The stored monitors; enumerated once, so storage can stream them.</param>
    /// <param name="count">How many there are (or about), to size the registry once for all of them.</param>
    public void Load(IEnumerable<MonitorRecord> records, int count)
    {
        var now = _time.GetUtcNow();
        lock (_sweepGate)
        {
            if (Monitors.Count == 0)
                Monitors.Reserve(count);
            foreach (var record in records)
            {
                var monitor = new MonitorRuntime(record);
                if (!Monitors.TryAdd(monitor))
                    throw new InvalidOperationException($"storage holds two monitors with slug '{record.Definition.Slug}' or id {record.Definition.Id}");
                Wheel.File(monitor, Judge(monitor, now, MissedWhileDownPrefix));
            }
        }
    }

    /// <summary>Adds a new monitor (it starts as new, or paused).</summary>
    public bool TryAdd(MonitorRuntime monitor) => Monitors.TryAdd(monitor);

    /// <summary>Replaces a monitor's definition (an edit) and re-judges it against the new schedule.</summary>
    public void Redefine(MonitorRuntime monitor, MonitorDefinition definition)
    {
        lock (monitor)
            monitor.Definition = definition with { Paused = monitor.Definition.Paused };
        Wheel.RequestCheck(monitor);
    }

    public void Remove(MonitorRuntime monitor)
    {
        monitor.Removed = true;
        Monitors.TryRemove(monitor);
    }

    /// <summary>Pauses a monitor: it stays silent until resumed. Returns the commit of the recorded change.</summary>
    public Task Pause(MonitorRuntime monitor, string reason)
    {
        lock (monitor)
        {
            monitor.Definition = monitor.Definition with { Paused = true };
            return ChangeStatus(monitor, monitor.Status, MonitorStatus.Paused, _time.GetUtcNow(), reason);
        }
    }

    /// <summary>Resumes a paused monitor as new: it waits for its next ping before judging it again.</summary>
    public Task Resume(MonitorRuntime monitor, string reason)
    {
        lock (monitor)
        {
            monitor.Definition = monitor.Definition with { Paused = false };
            var changed = ChangeStatus(monitor, monitor.Status, MonitorStatus.New, _time.GetUtcNow(), reason);
            Wheel.RequestCheck(monitor); // a run started while paused still has a deadline
            return changed;
        }
    }

    /// <summary>
    /// Records one ping. O(1); the common success ping on an up monitor takes no lock on monitor state at all.
    /// The one step shared between monitors is the sink's append (the writer's short queue lock).
    /// <paramref name="clientAt"/> is a client's own timestamp (batch backfill), never later than now.
    /// </summary>
    public PingOutcome Record(MonitorRuntime monitor, PingKind kind, short exitStatus, string? rid, string? body, bool truncated, PingSource source, DateTimeOffset? clientAt = null)
    {
        if (monitor.Definition.Check is not null)
            return new(PingResult.NotHeartbeat, Task.CompletedTask, 0);
        if (!_sink.HasRoom)
            return PingOutcome.Full;
        var now = _time.GetUtcNow();
        var retryAfter = monitor.TryTakeRateToken(now.UtcTicks, _limits.RateLimit, _limits.RateWindow.Ticks);
        if (retryAfter > 0)
            return new(PingResult.RateLimited, Task.CompletedTask, retryAfter);

        var at = clientAt is { } c && c < now ? c : now;
        monitor.NotePing(at.UtcTicks);
        if (kind == PingKind.Log)
            return Accepted(_sink.Append(Event(monitor, at, kind, exitStatus, -1, rid, body, truncated, source)));
        if (kind == PingKind.Start)
        {
            lock (monitor)
            {
                monitor.OpenRun(at.UtcTicks, rid);
                var committed = _sink.Append(Event(monitor, at, kind, exitStatus, -1, rid, body, truncated, source));
                Wheel.RequestCheck(monitor); // the run's own deadline may come before the monitor's filed check
                return Accepted(committed);
            }
        }

        if (kind == PingKind.Success)
        {
            var previous = monitor.LastSuccessTicks;
            monitor.NoteSuccess(at.UtcTicks); // a full fence: the status read below cannot be older than this write
            if (RunRulesOf(monitor.Definition) is { } rules && RunQuality.TooEarly(rules, monitor.Definition.Schedule, MonitorRuntime.Time(previous), at) is { } early)
                _ = _sink.Append(new AlertNotice(monitor.Id, monitor.Seq, at, NoticeKinds.TooEarly, early));
        }
        var status = monitor.Status;
        var settled = status == MonitorStatus.Paused || (kind == PingKind.Success ? status == MonitorStatus.Up : status == MonitorStatus.Down);
        if (settled && monitor.OpenStartTicks == 0)
            return Accepted(_sink.Append(Event(monitor, at, kind, exitStatus, -1, rid, body, truncated, source)));

        lock (monitor)
        {
            var start = monitor.CloseRun(rid);
            // Closed run ⇔ duration ≥ 0: storage relies on that to clear the stored open run.
            var duration = start != 0 ? Math.Max(0, at.UtcTicks - start) / TimeSpan.TicksPerMillisecond : -1;
            if (duration >= 0 && kind == PingKind.Success && RunQuality.ShortRun(RunRulesOf(monitor.Definition), TimeSpan.FromMilliseconds(duration)) is { } shortRun)
                _ = _sink.Append(new AlertNotice(monitor.Id, monitor.Seq, at, NoticeKinds.RunTooShort, shortRun));
            status = monitor.Status;
            // Only a client's own (backfilled) timestamp can be older than the last change and so not count;
            // a live ping can merely lose the race with a sweep that read the clock after it, and must win.
            var changed = monitor.StatusChangedAt ?? at;
            var counts = clientAt is null || at >= changed;
            var flipAt = at > changed ? at : changed; // keeps flip times in order
            if (status != MonitorStatus.Paused && counts)
            {
                if (kind == PingKind.Success && status != MonitorStatus.Up)
                {
                    _ = ChangeStatus(monitor, status, MonitorStatus.Up, flipAt, "success ping");
                    Wheel.RequestCheck(monitor);
                }
                else if (kind == PingKind.Fail && status != MonitorStatus.Down)
                {
                    _ = ChangeStatus(monitor, status, MonitorStatus.Down, flipAt, exitStatus > 0 ? $"exit status {exitStatus}" : "fail ping");
                }
            }
            // Queued after the change, so awaiting the ping also awaits the change.
            return Accepted(_sink.Append(Event(monitor, at, kind, exitStatus, duration, rid, body, truncated, source)));
        }
    }

    /// <summary>One sweep of the deadline wheel: judges every monitor whose check time has come. Called on a timer.</summary>
    public void Tick()
    {
        lock (_sweepGate)
        {
            var now = _time.GetUtcNow();
            Wheel.Advance(now, (monitor, at) => Judge(monitor, at, reasonPrefix: null));
            Stats.Swept(now);
        }
    }

    /// <summary>Judges one monitor against the clock; returns when it next needs looking at.</summary>
    private DateTimeOffset? Judge(MonitorRuntime monitor, DateTimeOffset now, string? reasonPrefix)
    {
        if (monitor.Removed || monitor.Definition.Check is not null) // active monitors are judged by their checks
            return null;
        lock (monitor)
            return JudgeOverrun(monitor, now, JudgeStatus(monitor, now, reasonPrefix));
    }

    /// <summary>
    /// A run open longer than its max_run_seconds gives one notice (the status is grace's business); until then the
    /// moment it would overrun is a check time too. Caller holds the monitor's lock.
    /// </summary>
    private DateTimeOffset? JudgeOverrun(MonitorRuntime monitor, DateTimeOffset now, DateTimeOffset? next)
    {
        var start = MonitorRuntime.Time(monitor.OpenStartTicks);
        if (start is not { } openStart || monitor.OverrunNoticed || monitor.Status == MonitorStatus.Paused
            || RunRulesOf(monitor.Definition) is not { } rules || RunQuality.OverrunAt(rules, openStart) is not { } overrunAt)
            return next;
        if (now < overrunAt)
            return next is { } n && n < overrunAt ? n : overrunAt;
        monitor.OverrunNoticed = true;
        _ = _sink.Append(new AlertNotice(monitor.Id, monitor.Seq, now, NoticeKinds.RunTooLong, RunQuality.Overrun(rules, openStart, now)));
        return next;
    }

    /// <summary>Moves the status as the clock says. Caller holds the monitor's lock.</summary>
    private DateTimeOffset? JudgeStatus(MonitorRuntime monitor, DateTimeOffset now, string? reasonPrefix)
    {
        var schedule = monitor.Definition.Schedule;
        var status = monitor.Status;
        var success = monitor.LastSuccessTicks;
        var verdict = Judge(schedule, status, success, monitor.OpenStartTicks, now);
        if (verdict.Status == status)
            return verdict.NextCheck;

        var previousChange = monitor.StatusChangedAt;
        monitor.SetStatus(verdict.Status, now); // a full fence: a racing ping's success write is visible below
        if (monitor.LastSuccessTicks != success)
        {
            success = monitor.LastSuccessTicks;
            verdict = Judge(schedule, status, success, monitor.OpenStartTicks, now);
            if (verdict.Status == status)
            {
                monitor.RestoreStatus(status, previousChange);
                return verdict.NextCheck;
            }
        }
        if (reasonPrefix is null) // start-up verdicts are not sweep lag
            Stats.Noticed(verdict.Status, now, schedule, MonitorRuntime.Time(success));
        _ = ChangeStatus(monitor, status, verdict.Status, now, reasonPrefix + verdict.Reason);
        return verdict.NextCheck;
    }

    private static Verdict Judge(Schedules.Schedule schedule, MonitorStatus status, long success, long openStart, DateTimeOffset now) =>
        HeartbeatRules.Evaluate(schedule, status, MonitorRuntime.Time(success), MonitorRuntime.Time(openStart), now);

    /// <summary>Caller holds the monitor's lock, so changes of one monitor are queued in the order they happen.</summary>
    private Task ChangeStatus(MonitorRuntime monitor, MonitorStatus from, MonitorStatus to, DateTimeOffset at, string reason)
    {
        if (from == to)
            return Task.CompletedTask;
        monitor.SetStatus(to, at);
        return _sink.Append(new Flip(monitor.Id, monitor.Seq, at, from, to, reason));
    }

    private static PingEvent Event(MonitorRuntime monitor, DateTimeOffset at, PingKind kind, short exitStatus, long duration, string? rid, string? body, bool truncated, PingSource source) =>
        new(monitor.Id, monitor.Seq, at, kind, exitStatus, duration, rid, body, truncated, source);

    private static PingOutcome Accepted(Task committed) => new(PingResult.Accepted, committed, 0);
}
