using Microsoft.Extensions.Time.Testing;
using Vigil.Checks.Probes;
using Vigil.Checks.Scheduling;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Checks.Tests.Scheduling;

public sealed class CheckSchedulerTests : IAsyncLifetime
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordedResults _results = new();
    private readonly ScriptedProbe _tcp;
    private readonly ScriptedProbe _http;
    private CheckScheduler? _scheduler;
    private long _nextSeq;

    public CheckSchedulerTests()
    {
        _tcp = new ScriptedProbe("tcp", _time);
        _http = new ScriptedProbe("http", _time);
    }

    private CheckScheduler Scheduler(int maxConcurrent = 100, int queueCapacity = 1000, Dictionary<string, int>? perType = null)
    {
        _scheduler = new CheckScheduler(_time, new SchedulerOptions(maxConcurrent, perType ?? [], queueCapacity, Tick), [_tcp, _http], new CheckEngine(_results));
        _scheduler.Start();
        return _scheduler;
    }

    private MonitorRuntime Monitor(CheckSpec spec)
    {
        var seq = ++_nextSeq;
        var definition = new MonitorDefinition(Guid.NewGuid(), $"m{seq}", $"m{seq}", [], "", new SimpleSchedule(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), false, _time.GetUtcNow())
        {
            Check = spec,
        };
        return new MonitorRuntime(new MonitorRecord(seq, definition, MonitorStateRecord.New));
    }

    private static TcpCheckSpec Tcp(int intervalSeconds = 10, CheckPriority priority = CheckPriority.Normal, int timeoutSeconds = 5) =>
        new() { Host = "127.0.0.1", Port = 1, Interval = TimeSpan.FromSeconds(intervalSeconds), Timeout = TimeSpan.FromSeconds(timeoutSeconds), Priority = priority };

    private void Advance(TimeSpan by)
    {
        for (var step = TimeSpan.Zero; step < by; step += Tick)
            _time.Advance(Tick);
    }

    /// <summary>Advances tick by tick until the scheduler has started <paramref name="runs"/> runs in all; dispatch is synchronous, so this is exact.</summary>
    private void AdvanceUntilStarted(long runs)
    {
        for (var i = 0; i < 1_000_000 && _scheduler!.Stats.Started < runs; i++)
            _time.Advance(Tick);
        Assert.Equal(runs, _scheduler!.Stats.Started);
    }

    [Fact]
    public async Task Ten_thousand_monitors_all_run_within_one_interval_spread_evenly()
    {
        var scheduler = Scheduler(maxConcurrent: 10_000, queueCapacity: 10_000);
        for (var i = 0; i < 10_000; i++)
            scheduler.Upsert(Monitor(Tcp(intervalSeconds: 10)));

        var perSecond = new List<long>();
        for (var second = 0; second < 10; second++)
        {
            var before = scheduler.Stats.Started;
            Advance(TimeSpan.FromSeconds(1));
            perSecond.Add(scheduler.Stats.Started - before); // dispatch is synchronous, so exact
        }
        // Generous: each run's timeout is a timer on the fake clock, and 10,000 of them are slow to file on a busy machine.
        await Eventually.True(() => _results.Results.Count == 10_000, "10,000 results", seconds: 60);

        Assert.Equal(10_000, _tcp.Starts.Select(s => s.Spec).Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.All(perSecond, started => Assert.InRange(started, 850, 1150));
        Assert.Equal(0, scheduler.Stats.Skipped);
        Assert.True(scheduler.Stats.Drift.Percentile(0.99) <= Tick, $"p99 drift {scheduler.Stats.Drift.Percentile(0.99)}");
    }

    [Fact]
    public async Task A_monitor_keeps_its_slots_so_drift_does_not_accumulate()
    {
        var scheduler = Scheduler();
        scheduler.Upsert(Monitor(Tcp(intervalSeconds: 1)));
        for (var run = 1; run <= 10; run++)
        {
            AdvanceUntilStarted(run);
            await Eventually.True(() => _results.Results.Count == run, $"result {run}"); // so the next slot finds it idle
        }

        var times = _tcp.Starts.Select(s => s.At).ToList();
        var phase = times[0].UtcTicks % TimeSpan.TicksPerSecond;
        Assert.All(times, at => Assert.InRange(at.UtcTicks % TimeSpan.TicksPerSecond - phase, 0, Tick.Ticks));
    }

    [Fact]
    public async Task The_global_and_per_type_limits_hold()
    {
        var scheduler = Scheduler(maxConcurrent: 3, perType: new() { ["http"] = 1 });
        _tcp.Gate = new TaskCompletionSource();
        _http.Gate = new TaskCompletionSource();
        for (var i = 0; i < 5; i++)
        {
            scheduler.Upsert(Monitor(Tcp(intervalSeconds: 60, timeoutSeconds: 60)));
            scheduler.Upsert(Monitor(new HttpCheckSpec { Url = new Uri("http://127.0.0.1/"), Interval = TimeSpan.FromSeconds(60), Timeout = TimeSpan.FromSeconds(60) }));
        }
        Advance(TimeSpan.FromSeconds(60));
        await Eventually.True(() => _tcp.Running + _http.Running == 3, "three runs in flight");

        // Which three start depends on the monitors' phases (hashed from random ids); never two http runs.
        Assert.InRange(_http.Running, 0, 1);
        Assert.Equal(7, scheduler.QueueDepth);

        _tcp.Gate.SetResult();
        _http.Gate.SetResult();
        await Eventually.True(() => _results.Results.Count == 10, "all ten results");
        Assert.InRange(_tcp.MaxRunning, 2, 3); // a freed http slot may go to a third tcp run, never to a second http one
        Assert.Equal(1, _http.MaxRunning);
    }

    [Fact]
    public async Task The_timer_wakes_for_due_slots_only_and_not_at_all_without_monitors()
    {
        var scheduler = Scheduler();
        Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, scheduler.Stats.Wakeups);

        scheduler.Upsert(Monitor(Tcp(intervalSeconds: 10)));
        for (var slot = 1; slot <= 6; slot++)
        {
            Advance(TimeSpan.FromSeconds(10)); // one slot, then its run ends before the next comes
            // Running drops when the run has released its monitor, so the next slot cannot find it busy.
            await Eventually.True(() => scheduler.Stats.Completed == slot && scheduler.Running == 0, $"run {slot} finished");
        }

        Assert.Equal(6, scheduler.Stats.Wakeups); // one per slot, not one per 20 ms tick
    }

    [Fact]
    public async Task While_shedding_for_memory_low_priority_runs_are_skipped_and_others_keep_running()
    {
        var scheduler = Scheduler();
        var low = Tcp(intervalSeconds: 10, priority: CheckPriority.Low);
        var normal = Tcp(intervalSeconds: 10);
        scheduler.Upsert(Monitor(low));
        scheduler.Upsert(Monitor(normal));

        scheduler.ShedLowPriority = true;
        Advance(TimeSpan.FromSeconds(10)); // one slot of each
        await Eventually.True(() => scheduler.Stats.Completed == 1 && scheduler.Running == 0, "the normal run finished");
        Assert.Equal((1, 1L), (_tcp.Starts.Count(s => s.Spec == normal), scheduler.Stats.SkippedShed));
        Assert.DoesNotContain(_tcp.Starts, s => s.Spec == low);

        scheduler.ShedLowPriority = false;
        Advance(TimeSpan.FromSeconds(10));
        await Eventually.True(() => _tcp.Starts.Any(s => s.Spec == low), "the low-priority monitor runs again");
    }

    [Fact]
    public async Task Under_saturation_higher_priorities_start_first()
    {
        var scheduler = Scheduler(maxConcurrent: 1);
        _tcp.Gate = new TaskCompletionSource();
        scheduler.Upsert(Monitor(Tcp(intervalSeconds: 600, timeoutSeconds: 600)));
        AdvanceUntilStarted(1);
        await Eventually.True(() => _tcp.Running == 1, "the blocker runs");

        var low = Tcp(intervalSeconds: 60, priority: CheckPriority.Low);
        var normal = Tcp(intervalSeconds: 60, priority: CheckPriority.Normal);
        var critical = Tcp(intervalSeconds: 60, priority: CheckPriority.Critical);
        foreach (var spec in new[] { low, normal, critical })
            scheduler.Upsert(Monitor(spec));
        Advance(TimeSpan.FromSeconds(60)); // all three come due (their phases differ) while the slot is taken
        await Eventually.True(() => scheduler.QueueDepth == 3, "three queued");

        var gate = _tcp.Gate;
        _tcp.Gate = null;
        gate.SetResult();
        await Eventually.True(() => _tcp.Starts.Count == 4, "the three queued runs started");
        Assert.Equal([critical, normal, low], _tcp.Starts.Skip(1).Select(s => s.Spec).ToArray());
    }

    [Fact]
    public async Task A_full_queue_skips_the_lowest_priority_and_counts_it()
    {
        var scheduler = Scheduler(maxConcurrent: 1, queueCapacity: 2);
        _tcp.Gate = new TaskCompletionSource();
        scheduler.Upsert(Monitor(Tcp(intervalSeconds: 600, timeoutSeconds: 600)));
        AdvanceUntilStarted(1);
        await Eventually.True(() => _tcp.Running == 1, "the blocker runs");

        for (var i = 0; i < 4; i++)
            scheduler.Upsert(Monitor(Tcp(intervalSeconds: 300, priority: CheckPriority.Low)));
        var critical = Tcp(intervalSeconds: 300, priority: CheckPriority.Critical);
        scheduler.Upsert(Monitor(critical));
        Advance(TimeSpan.FromSeconds(300));

        Assert.Equal(2, scheduler.QueueDepth);
        Assert.Equal(3, scheduler.Stats.SkippedQueueFull); // two lows turned away, one evicted for the critical run

        var gate = _tcp.Gate;
        _tcp.Gate = null;
        gate.SetResult();
        await Eventually.True(() => _tcp.Starts.Count == 3, "the two queued runs");
        Assert.Same(critical, _tcp.Starts.ElementAt(1).Spec);
    }

    [Fact]
    public async Task A_run_longer_than_its_interval_skips_slots_instead_of_stacking_them()
    {
        var scheduler = Scheduler();
        _tcp.Gate = new TaskCompletionSource();
        scheduler.Upsert(Monitor(Tcp(intervalSeconds: 1, timeoutSeconds: 30)));
        AdvanceUntilStarted(1);
        await Eventually.True(() => _tcp.Running == 1, "first run");
        Advance(TimeSpan.FromSeconds(5));

        Assert.Single(_tcp.Starts);
        Assert.Equal(5, scheduler.Stats.SkippedOverlap);
    }

    [Fact]
    public async Task A_probe_that_never_answers_fails_as_a_timeout_and_takes_the_monitor_down()
    {
        var scheduler = Scheduler();
        _tcp.Gate = new TaskCompletionSource(); // never completed
        var monitor = Monitor(Tcp(intervalSeconds: 60, timeoutSeconds: 2));
        scheduler.Upsert(monitor);
        AdvanceUntilStarted(1);
        await Eventually.True(() => _tcp.Running == 1, "the run started");
        Advance(TimeSpan.FromSeconds(2));
        await Eventually.True(() => _results.Results.Count == 1, "a result");

        var result = _results.Results[0];
        Assert.Equal((CheckStatus.Down, CheckError.Timeout), (result.Status, result.Error));
        Assert.Equal("no answer within 2000 ms", result.Message);
        Assert.Equal(MonitorStatus.Down, monitor.Status);
    }

    [Fact]
    public async Task A_slow_success_is_degraded()
    {
        var scheduler = Scheduler();
        _tcp.Outcome = ProbeResult.Success(TimeSpan.FromMilliseconds(800));
        var monitor = Monitor(Tcp(intervalSeconds: 60) with { DegradedAfter = TimeSpan.FromMilliseconds(500) });
        scheduler.Upsert(monitor);
        Advance(TimeSpan.FromSeconds(60));
        await Eventually.True(() => _results.Results.Count == 1, "a result");

        Assert.Equal(CheckStatus.Degraded, _results.Results[0].Status);
        Assert.Equal(MonitorStatus.Degraded, monitor.Status);
    }

    [Fact]
    public void Paused_and_removed_monitors_do_not_run_and_an_edit_replans()
    {
        var scheduler = Scheduler();
        var paused = Monitor(Tcp(intervalSeconds: 1));
        paused.Definition = paused.Definition with { Paused = true };
        var pausedRuntime = new MonitorRuntime(new MonitorRecord(paused.Seq, paused.Definition, MonitorStateRecord.New));
        var removed = Monitor(Tcp(intervalSeconds: 1));
        var longer = Tcp(intervalSeconds: 3600);
        MonitorRuntime edited;
        do // one whose hourly slot is not in the next 10 s, so "nothing ran" is certain
            edited = Monitor(Tcp(intervalSeconds: 1));
        while (new ScheduledCheck(edited, longer, 0).NextSlotAfter(_time.GetUtcNow().UtcTicks) <= _time.GetUtcNow().AddSeconds(10).UtcTicks);
        scheduler.Upsert(pausedRuntime);
        scheduler.Upsert(removed);
        scheduler.Upsert(edited);
        scheduler.Remove(removed);
        edited.Definition = edited.Definition with { Check = longer };
        scheduler.Upsert(edited);

        Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, scheduler.Stats.Started); // dispatch happens under the scheduler's lock, so this is final
        Assert.Equal(2, scheduler.Count);
    }

    [Fact]
    public async Task An_edit_during_a_run_waits_for_it_and_then_runs_the_new_spec()
    {
        var scheduler = Scheduler();
        _tcp.Gate = new TaskCompletionSource();
        var monitor = Monitor(Tcp(intervalSeconds: 10, timeoutSeconds: 60)); // outlasts the slots below
        scheduler.Upsert(monitor);
        AdvanceUntilStarted(1);
        await Eventually.True(() => _tcp.Running == 1, "the first run");

        var edited = Tcp(intervalSeconds: 10, timeoutSeconds: 60) with { Port = 2 };
        monitor.Definition = monitor.Definition with { Check = edited };
        scheduler.Upsert(monitor);
        Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, scheduler.Stats.Started); // still one run at a time

        var gate = _tcp.Gate;
        _tcp.Gate = null;
        gate.SetResult();
        await Eventually.True(() => _tcp.Running == 0, "the first run ended");
        AdvanceUntilStarted(2);
        await Eventually.True(() => _tcp.Starts.Count == 2, "the edited spec ran");
        Assert.Same(edited, _tcp.Starts.Last().Spec);
    }

    [Fact]
    public async Task Disposing_cancels_runs_in_flight_without_a_false_verdict()
    {
        var scheduler = Scheduler();
        _tcp.Gate = new TaskCompletionSource();
        scheduler.Upsert(Monitor(Tcp(intervalSeconds: 60)));
        AdvanceUntilStarted(1);
        await Eventually.True(() => _tcp.Running == 1, "the run started");

        await scheduler.DisposeAsync();

        Assert.Empty(_results.Results);
        Assert.Equal(0, scheduler.Running);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_scheduler is not null)
            await _scheduler.DisposeAsync();
    }
}
