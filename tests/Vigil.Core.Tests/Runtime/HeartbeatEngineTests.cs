using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Core.Tests.Runtime;

public sealed class HeartbeatEngineTests
{
    private static readonly DateTimeOffset T0 = TestData.Origin;
    private static readonly TimeSpan Slot = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly PingSource Source = new("GET", "127.0.0.1", "curl");

    private readonly HookedTimeProvider _time = new(T0);
    private readonly RecordingSink _sink = new();
    private readonly HeartbeatEngine _engine;
    private long _seq;

    public HeartbeatEngineTests() => _engine = new HeartbeatEngine(_time, _sink, HeartbeatLimits.Default, Slot);

    private MonitorRuntime Add(HeartbeatEngine? engine = null, TimeSpan? period = null, TimeSpan? grace = null, bool paused = false)
    {
        var monitor = TestData.Monitor(++_seq, TestData.Definition(period ?? Period, grace ?? Grace, "m" + _seq, paused));
        Assert.True((engine ?? _engine).TryAdd(monitor));
        return monitor;
    }

    private PingOutcome Ping(MonitorRuntime monitor, PingKind kind, short exitStatus = -1, string? rid = null, DateTimeOffset? clientAt = null, HeartbeatEngine? engine = null) =>
        (engine ?? _engine).Record(monitor, kind, exitStatus, rid, "body", false, Source, clientAt);

    /// <summary>Advances the clock one wheel slot at a time, ticking after each, for <paramref name="span"/>.</summary>
    private void TickFor(TimeSpan span)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += Slot)
        {
            _time.Advance(Slot);
            _engine.Tick();
        }
    }

    private MonitorRuntime UpMonitor()
    {
        var monitor = Add();
        Assert.Equal(PingResult.Accepted, Ping(monitor, PingKind.Success).Result);
        _engine.Tick();
        Assert.Equal(MonitorStatus.Up, monitor.Status);
        return monitor;
    }

    [Fact]
    public void Record_SuccessOnNew_FlipsUpWithReason()
    {
        var monitor = Add();

        var outcome = Ping(monitor, PingKind.Success);

        Assert.Equal(PingResult.Accepted, outcome.Result);
        Assert.True(outcome.Committed.IsCompletedSuccessfully);
        Assert.Equal(MonitorStatus.Up, monitor.Status);
        var flip = Assert.Single(_sink.Flips);
        Assert.Equal(new Flip(monitor.Id, monitor.Seq, T0, MonitorStatus.New, MonitorStatus.Up, "success ping"), flip);
        var ping = Assert.Single(_sink.Pings);
        Assert.Equal(PingKind.Success, ping.Kind);
        Assert.Equal(T0, ping.At);
        Assert.Equal(-1, ping.DurationMs);
        Assert.Equal(T0, monitor.LastSuccessAt);
        Assert.Equal(T0, monitor.LastPingAt);
        Assert.Equal(T0, monitor.StatusChangedAt);
        Assert.Equal(1, monitor.PingCount);
    }

    [Fact]
    public void Record_SuccessOnUp_NoFlip()
    {
        var monitor = UpMonitor();
        _time.Advance(TimeSpan.FromSeconds(10));

        Ping(monitor, PingKind.Success);

        Assert.Single(_sink.Flips);
        Assert.Equal(2, _sink.Pings.Count);
        Assert.Equal(T0.AddSeconds(10), monitor.LastSuccessAt);
    }

    [Fact]
    public void Record_FailPing_FlipsDown()
    {
        var monitor = UpMonitor();

        Ping(monitor, PingKind.Fail);

        Assert.Equal(MonitorStatus.Down, monitor.Status);
        var flip = _sink.Flips[^1];
        Assert.Equal((MonitorStatus.Up, MonitorStatus.Down, "fail ping"), (flip.From, flip.To, flip.Reason));
        Assert.Equal(T0, monitor.LastSuccessAt);
    }

    [Fact]
    public void Record_FailPingOnNew_FlipsDown()
    {
        var monitor = Add();

        Ping(monitor, PingKind.Fail);

        Assert.Equal(MonitorStatus.Down, monitor.Status);
        Assert.Equal(MonitorStatus.New, Assert.Single(_sink.Flips).From);
        Assert.Null(monitor.LastSuccessAt);
    }

    [Fact]
    public void Record_NonZeroExitStatus_ReasonNamesExitStatus()
    {
        var monitor = UpMonitor();

        Ping(monitor, PingKind.Fail, exitStatus: 3);

        Assert.Equal("exit status 3", _sink.Flips[^1].Reason);
        Assert.Equal(3, _sink.Pings[^1].ExitStatus);
    }

    [Fact]
    public void Record_FailOnDown_NoSecondFlip()
    {
        var monitor = UpMonitor();
        Ping(monitor, PingKind.Fail);

        Ping(monitor, PingKind.Fail, exitStatus: 2);

        Assert.Equal(2, _sink.Flips.Count);
        Assert.Equal(3, _sink.Pings.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Record_LogPing_StatusUnchanged(bool up)
    {
        var monitor = up ? UpMonitor() : Add();
        var status = monitor.Status;
        var flips = _sink.Flips.Count;
        _time.Advance(TimeSpan.FromSeconds(5));

        var outcome = Ping(monitor, PingKind.Log);

        Assert.Equal(PingResult.Accepted, outcome.Result);
        Assert.Equal(status, monitor.Status);
        Assert.Equal(flips, _sink.Flips.Count);
        Assert.Equal(PingKind.Log, _sink.Pings[^1].Kind);
        Assert.Equal(T0.AddSeconds(5), monitor.LastPingAt);
        Assert.Equal(up ? T0 : null, monitor.LastSuccessAt);
    }

    [Fact]
    public void Record_StartThenFinish_DurationAndRunClosed()
    {
        var monitor = UpMonitor();
        _time.Advance(TimeSpan.FromSeconds(2));

        Ping(monitor, PingKind.Start, rid: "r1");
        Assert.Equal(T0.AddSeconds(2), monitor.OpenStartAt);
        Assert.Equal("r1", monitor.OpenRid);
        Assert.Equal(-1, _sink.Pings[^1].DurationMs);
        _time.Advance(TimeSpan.FromMilliseconds(5250));
        Ping(monitor, PingKind.Success, rid: "r1");

        Assert.Equal(5250, _sink.Pings[^1].DurationMs);
        Assert.Null(monitor.OpenStartAt);
        Assert.Null(monitor.OpenRid);
        Assert.Equal(MonitorStatus.Up, monitor.Status);
    }

    [Fact]
    public void Record_FailFinishingRun_DurationAndDown()
    {
        var monitor = Add();
        Ping(monitor, PingKind.Start);
        _time.Advance(TimeSpan.FromSeconds(3));

        Ping(monitor, PingKind.Fail, exitStatus: 1);

        Assert.Equal(3000, _sink.Pings[^1].DurationMs);
        Assert.Null(monitor.OpenStartAt);
        Assert.Equal(MonitorStatus.Down, monitor.Status);
        Assert.Equal("exit status 1", _sink.Flips[^1].Reason);
    }

    [Fact]
    public void Record_FinishWithOtherRid_RunStaysOpen()
    {
        var monitor = UpMonitor();
        Ping(monitor, PingKind.Start, rid: "a");
        _time.Advance(TimeSpan.FromSeconds(1));

        Ping(monitor, PingKind.Success, rid: "b");

        Assert.Equal(-1, _sink.Pings[^1].DurationMs);
        Assert.Equal("a", monitor.OpenRid);
        Assert.Equal(T0, monitor.OpenStartAt);

        _time.Advance(TimeSpan.FromSeconds(1));
        Ping(monitor, PingKind.Success, rid: "a");

        Assert.Equal(2000, _sink.Pings[^1].DurationMs);
        Assert.Null(monitor.OpenRid);
    }

    [Fact]
    public void Tick_RunNotFinishedWithinGrace_DownWithRunTimeout()
    {
        var monitor = Add();
        Ping(monitor, PingKind.Start, rid: "r");

        TickFor(Grace - Slot);
        Assert.Equal(MonitorStatus.New, monitor.Status);
        TickFor(Slot);

        Assert.Equal(MonitorStatus.Down, monitor.Status);
        var flip = Assert.Single(_sink.Flips);
        Assert.Equal(T0 + Grace, flip.At);
        Assert.StartsWith("run started 2025-01-01T00:00:00Z", flip.Reason);
    }

    [Fact]
    public void Record_PausedMonitor_PingRecordedStatusUnchanged()
    {
        var monitor = Add(paused: true);
        Assert.Equal(MonitorStatus.Paused, monitor.Status);

        Ping(monitor, PingKind.Success);
        Ping(monitor, PingKind.Fail, exitStatus: 2);
        Ping(monitor, PingKind.Start, rid: "x");
        Ping(monitor, PingKind.Success, rid: "x");

        Assert.Equal(MonitorStatus.Paused, monitor.Status);
        Assert.Empty(_sink.Flips);
        Assert.Equal(4, _sink.Pings.Count);
        Assert.Equal(4, monitor.PingCount);
        Assert.Equal(T0, monitor.LastSuccessAt);
    }

    [Fact]
    public void Tick_PausedMonitor_NeverFlips()
    {
        var monitor = UpMonitor();
        _engine.Pause(monitor, "paused by api");
        Assert.Equal(MonitorStatus.Paused, monitor.Status);
        Assert.True(monitor.Definition.Paused);
        var pause = _sink.Flips[^1];
        Assert.Equal((MonitorStatus.Up, MonitorStatus.Paused, "paused by api"), (pause.From, pause.To, pause.Reason));

        Ping(monitor, PingKind.Start);
        TickFor(Period + Grace + Grace + TimeSpan.FromSeconds(5));

        Assert.Equal(MonitorStatus.Paused, monitor.Status);
        Assert.Equal(2, _sink.Flips.Count);
    }

    [Fact]
    public void Resume_PausedMonitor_BecomesNewAndWaitsForPing()
    {
        var monitor = Add(paused: true);
        Ping(monitor, PingKind.Success);
        _time.Advance(TimeSpan.FromSeconds(5));

        _engine.Resume(monitor, "resumed by api");

        Assert.Equal(MonitorStatus.New, monitor.Status);
        Assert.False(monitor.Definition.Paused);
        Assert.Equal(new Flip(monitor.Id, monitor.Seq, T0.AddSeconds(5), MonitorStatus.Paused, MonitorStatus.New, "resumed by api"), Assert.Single(_sink.Flips));
        TickFor(Period + Grace + Slot);
        Assert.Equal(MonitorStatus.New, monitor.Status);

        Ping(monitor, PingKind.Success);
        Assert.Equal(MonitorStatus.Up, monitor.Status);
    }

    [Fact]
    public void Tick_EverySlot_LateAtDueAndDownAfterGrace()
    {
        var monitor = UpMonitor();
        DateTimeOffset? lateAt = null, downAt = null;

        for (var i = 0; i < 120; i++)
        {
            _time.Advance(Slot);
            _engine.Tick();
            if (monitor.Status == MonitorStatus.Late)
                lateAt ??= _time.GetUtcNow();
            if (monitor.Status == MonitorStatus.Down)
                downAt ??= _time.GetUtcNow();
        }

        Assert.Equal(T0 + Period, lateAt);
        Assert.Equal(T0 + Period + Grace, downAt);
        Assert.Equal(
            [(MonitorStatus.New, MonitorStatus.Up), (MonitorStatus.Up, MonitorStatus.Late), (MonitorStatus.Late, MonitorStatus.Down)],
            _sink.Flips.Select(f => (f.From, f.To)));
        Assert.Equal("no ping since 2025-01-01T00:00:00Z; expected by 2025-01-01T00:01:00Z", _sink.Flips[1].Reason);
        Assert.StartsWith("no ping since 2025-01-01T00:00:00Z; expected by 2025-01-01T00:01:00Z, grace ended", _sink.Flips[2].Reason);
        Assert.Equal(1, _engine.Stats.NoticedLate);
        Assert.Equal(1, _engine.Stats.NoticedDown);
        Assert.Equal(121, _engine.Stats.Sweeps); // one in UpMonitor, then one per slot
    }

    [Fact]
    public void Tick_SuccessBeforeDue_StaysUp()
    {
        var monitor = UpMonitor();
        TickFor(Period - Slot);
        Ping(monitor, PingKind.Success);

        TickFor(Period - Slot);

        Assert.Equal(MonitorStatus.Up, monitor.Status);
        Assert.Single(_sink.Flips);
        TickFor(Slot);
        Assert.Equal(MonitorStatus.Late, monitor.Status);
    }

    [Fact]
    public void Record_SuccessOnLate_FlipsBackUp()
    {
        var monitor = UpMonitor();
        TickFor(Period);
        Assert.Equal(MonitorStatus.Late, monitor.Status);

        Ping(monitor, PingKind.Success);

        Assert.Equal(MonitorStatus.Up, monitor.Status);
        Assert.Equal((MonitorStatus.Late, MonitorStatus.Up), (_sink.Flips[^1].From, _sink.Flips[^1].To));
        TickFor(Period - Slot);
        Assert.Equal(MonitorStatus.Up, monitor.Status);
    }

    private static MonitorRecord Stored(long seq, MonitorStatus status, DateTimeOffset lastSuccess) =>
        new(seq, TestData.Definition(TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), "stored" + seq),
            new MonitorStateRecord(status, lastSuccess, lastSuccess, lastSuccess, null, null, 7));

    [Fact]
    public void Load_DeadlinePassedWhileStopped_DownWithMissedPrefix()
    {
        var record = Stored(1, MonitorStatus.Up, T0 - TimeSpan.FromHours(2));

        _engine.Load([record]);

        Assert.True(_engine.Monitors.TryGet(record.Definition.Id, out var monitor));
        Assert.Equal(MonitorStatus.Down, monitor.Status);
        var flip = Assert.Single(_sink.Flips);
        Assert.Equal((MonitorStatus.Up, MonitorStatus.Down, T0), (flip.From, flip.To, flip.At));
        Assert.StartsWith(HeartbeatEngine.MissedWhileDownPrefix, flip.Reason);
        Assert.Contains("no ping since 2024-12-31T22:00:00Z", flip.Reason);
        Assert.Equal(7, monitor.PingCount);
        Assert.Equal(0, _engine.Stats.NoticedDown); // start-up verdicts are not sweep lag
    }

    [Fact]
    public void Load_DeadlineNotPassed_StaysUpAndIsJudgedLater()
    {
        var record = Stored(1, MonitorStatus.Up, T0 - TimeSpan.FromMinutes(30));

        _engine.Load([record]);

        Assert.True(_engine.Monitors.TryGet(record.Definition.Id, out var monitor));
        Assert.Equal(MonitorStatus.Up, monitor.Status);
        Assert.Empty(_sink.Flips);
        Assert.Equal(1, _engine.Wheel.Count);
        _time.Advance(TimeSpan.FromMinutes(30) - Slot);
        _engine.Tick();
        Assert.Equal(MonitorStatus.Up, monitor.Status);
        _time.Advance(Slot);
        _engine.Tick();
        Assert.Equal(MonitorStatus.Late, monitor.Status);
        Assert.False(Assert.Single(_sink.Flips).Reason.StartsWith(HeartbeatEngine.MissedWhileDownPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DuplicateSlug_Throws()
    {
        var a = Stored(1, MonitorStatus.New, T0);
        var b = Stored(2, MonitorStatus.New, T0) with { Definition = a.Definition with { Id = Guid.NewGuid() } };

        Assert.Throws<InvalidOperationException>(() => _engine.Load([a, b]));
    }

    [Fact]
    public void Record_OverRateLimit_RateLimitedUntilNextWindow()
    {
        var engine = new HeartbeatEngine(_time, _sink, new HeartbeatLimits(3, TimeSpan.FromSeconds(10)), Slot);
        var monitor = Add(engine);
        for (var i = 0; i < 3; i++)
            Assert.Equal(PingResult.Accepted, Ping(monitor, PingKind.Success, engine: engine).Result);

        var limited = Ping(monitor, PingKind.Success, engine: engine);

        Assert.Equal(PingResult.RateLimited, limited.Result);
        Assert.InRange(limited.RetryAfterSeconds, 1, 10);
        Assert.Equal(3, monitor.PingCount);
        Assert.Equal(3, _sink.Pings.Count);

        _time.Advance(TimeSpan.FromSeconds(9.5));
        var stillLimited = Ping(monitor, PingKind.Success, engine: engine);
        Assert.Equal(PingResult.RateLimited, stillLimited.Result);
        Assert.Equal(1, stillLimited.RetryAfterSeconds);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(PingResult.Accepted, Ping(monitor, PingKind.Success, engine: engine).Result);
        Assert.Equal(4, monitor.PingCount);
    }

    [Fact]
    public void Record_QueueFull_NothingChanged()
    {
        var monitor = UpMonitor();
        var pings = _sink.Pings.Count;
        _sink.HasRoom = false;
        _time.Advance(TimeSpan.FromSeconds(5));

        var fail = Ping(monitor, PingKind.Fail);
        var start = Ping(monitor, PingKind.Start, rid: "r");

        Assert.Equal(PingResult.QueueFull, fail.Result);
        Assert.Equal(PingResult.QueueFull, start.Result);
        Assert.True(fail.RetryAfterSeconds >= 1);
        Assert.Equal(MonitorStatus.Up, monitor.Status);
        Assert.Equal(pings, _sink.Pings.Count);
        Assert.Single(_sink.Flips);
        Assert.Equal(1, monitor.PingCount);
        Assert.Equal(T0, monitor.LastPingAt);
        Assert.Null(monitor.OpenStartAt);
    }

    [Fact]
    public void Record_BackfilledOlderThanStatusChange_NoFlip()
    {
        var monitor = UpMonitor();
        _time.Advance(TimeSpan.FromSeconds(10));
        Ping(monitor, PingKind.Fail);
        _time.Advance(TimeSpan.FromSeconds(10));

        Ping(monitor, PingKind.Success, clientAt: T0.AddSeconds(5));

        Assert.Equal(MonitorStatus.Down, monitor.Status);
        Assert.Equal(2, _sink.Flips.Count);
        Assert.Equal(T0.AddSeconds(5), _sink.Pings[^1].At);

        Ping(monitor, PingKind.Success, clientAt: T0.AddSeconds(15));

        Assert.Equal(MonitorStatus.Up, monitor.Status);
        Assert.Equal(T0.AddSeconds(15), _sink.Flips[^1].At);
    }

    [Fact]
    public void Record_ClientTimeInFuture_UsesNow()
    {
        var monitor = Add();

        Ping(monitor, PingKind.Success, clientAt: T0.AddHours(1));

        Assert.Equal(T0, _sink.Pings[^1].At);
        Assert.Equal(T0, monitor.LastSuccessAt);
    }

    [Fact]
    public void Redefine_ShorterPeriod_ReJudgedOnNextTick()
    {
        var monitor = UpMonitor();
        TickFor(TimeSpan.FromSeconds(40));
        Assert.Equal(MonitorStatus.Up, monitor.Status);

        _engine.Redefine(monitor, monitor.Definition with { Schedule = new SimpleSchedule(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)) });
        Assert.Equal(1, _engine.Wheel.InboxCount);
        _engine.Tick();

        Assert.Equal(MonitorStatus.Late, monitor.Status);
        Assert.Equal(T0.AddSeconds(40), _sink.Flips[^1].At);
        Assert.Contains("expected by 2025-01-01T00:00:20Z", _sink.Flips[^1].Reason);
        TickFor(TimeSpan.FromSeconds(9));
        Assert.Equal(MonitorStatus.Late, monitor.Status);
        TickFor(Slot);
        Assert.Equal(MonitorStatus.Down, monitor.Status);
    }

    [Fact]
    public void Redefine_KeepsPausedFlag()
    {
        var monitor = Add(paused: true);

        _engine.Redefine(monitor, monitor.Definition with { Paused = false, Name = "renamed" });

        Assert.True(monitor.Definition.Paused);
        Assert.Equal("renamed", monitor.Definition.Name);
    }

    [Fact]
    public void Remove_Monitor_NeverJudgedAgain()
    {
        var monitor = UpMonitor();
        Assert.Equal(1, _engine.Wheel.Count);

        _engine.Remove(monitor);
        TickFor(Period + Grace + Slot);

        Assert.Equal(MonitorStatus.Up, monitor.Status);
        Assert.Single(_sink.Flips);
        Assert.False(_engine.Monitors.TryGet(monitor.Id, out _));
        Assert.False(_engine.Monitors.TryGetBySlug(monitor.Definition.Slug, out _));
        Assert.Equal(0, _engine.Wheel.Count);
    }

    [Fact]
    public async Task Record_ConcurrentWithTick_NeverLateWithinPeriod()
    {
        var time = new FakeTimeProvider(T0);
        var sink = new RecordingSink();
        var slot = TimeSpan.FromMilliseconds(100);
        var period = TimeSpan.FromSeconds(1);
        var grace = TimeSpan.FromSeconds(1);
        var engine = new HeartbeatEngine(time, sink, new HeartbeatLimits(0, TimeSpan.FromSeconds(10)), slot);
        var monitors = Enumerable.Range(1, 32)
            .Select(i => TestData.Monitor(i, TestData.Definition(period, grace, "stress" + i)))
            .ToArray();
        foreach (var monitor in monitors)
            Assert.True(engine.TryAdd(monitor));
        // A witness the pingers never touch: pinged once now, so the sweeps must take it late however threads interleave.
        var witness = TestData.Monitor(33, TestData.Definition(period, grace, "witness"));
        Assert.True(engine.TryAdd(witness));
        engine.Record(witness, PingKind.Success, -1, null, null, false, Source);

        using var stop = new CancellationTokenSource();
        var pingsSoFar = 0L;
        var pingers = Enumerable.Range(0, 3).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            var count = 0L;
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref pingsSoFar);
                // Skewed: low-numbered monitors are pinged constantly, high-numbered ones seldom, so some go late and come back.
                var monitor = monitors[random.Next(random.Next(1, monitors.Length + 1))];
                // Mostly successes; the odd log ping takes the no-status path.
                engine.Record(monitor, random.Next(8) == 0 ? PingKind.Log : PingKind.Success, -1, null, null, false, Source);
                count++;
            }
            return count;
        })).ToArray();

        var clock = Stopwatch.StartNew();
        var ticks = 0;
        // At least a second of racing, and enough ticks and pings however starved the machine is (bounded).
        while ((clock.Elapsed < TimeSpan.FromSeconds(1) || ticks <= 20 || Interlocked.Read(ref pingsSoFar) <= 200)
               && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            time.Advance(slot);
            engine.Tick();
            ticks++;
        }
        await stop.CancelAsync();
        var pinged = await Task.WhenAll(pingers);
        engine.Record(witness, PingKind.Success, -1, null, null, false, Source); // and back up
        engine.Tick(); // drain re-check requests made by the last pings
        var now = time.GetUtcNow();

        Assert.True(ticks > 10, $"only {ticks} ticks ran");
        Assert.True(pinged.Sum() > 100, $"only {pinged.Sum()} pings ran");
        var flips = sink.Flips;
        Assert.Contains(flips, f => f.MonitorId == witness.Id && f.From == MonitorStatus.Up && f.To == MonitorStatus.Late);
        Assert.Contains(flips, f => f.MonitorId == witness.Id && f.From is MonitorStatus.Late or MonitorStatus.Down && f.To == MonitorStatus.Up);
        foreach (var monitor in monitors)
        {
            var last = monitor.LastSuccessAt;
            switch (monitor.Status)
            {
                case MonitorStatus.Late:
                    Assert.True(last + period <= now, $"{monitor.Definition.Slug} is late at {now:O} but its last success was {last:O}");
                    break;
                case MonitorStatus.Down:
                    Assert.True(last + period + grace <= now, $"{monitor.Definition.Slug} is down at {now:O} but its last success was {last:O}");
                    break;
                case MonitorStatus.Up:
                    Assert.True(last + period + slot > now, $"{monitor.Definition.Slug} is still up at {now:O} with its last success at {last:O}");
                    break;
                default:
                    Assert.Null(last);
                    break;
            }
            // Each monitor's flips chain: every one starts where the one before it ended, and the last is where it is now.
            var status = MonitorStatus.New;
            foreach (var flip in flips.Where(f => f.MonitorId == monitor.Id))
            {
                Assert.Equal(status, flip.From);
                status = flip.To;
            }
            Assert.Equal(monitor.Status, status);
        }
    }

    [Fact]
    public void Record_SweepFlipsLateBetweenClockReadAndSuccess_EndsUp()
    {
        var monitor = UpMonitor();
        TickFor(Period - Slot);
        Assert.Equal(MonitorStatus.Up, monitor.Status);
        // The ping reads the clock (T0+59 s); before it writes its success the sweeper moves on one slot and marks the monitor late.
        _time.OnNextRead = () =>
        {
            _time.Advance(Slot);
            _engine.Tick();
        };

        Ping(monitor, PingKind.Success);

        Assert.Equal(T0 + Period - Slot, monitor.LastSuccessAt); // a success 1 s ago, well within the 60 s period
        Assert.Equal(MonitorStatus.Up, monitor.Status);
    }
}

/// <summary>A <see cref="FakeTimeProvider"/> that can run an action right after the next clock read, to force an interleaving.</summary>
internal sealed class HookedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    public Action? OnNextRead { get; set; }

    public override DateTimeOffset GetUtcNow()
    {
        var now = base.GetUtcNow();
        var hook = OnNextRead;
        OnNextRead = null;
        hook?.Invoke();
        return now;
    }
}
