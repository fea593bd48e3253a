using Vigil.Checks.Probes;
using Vigil.Checks.Scheduling;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Benchmarks.Workloads;

/// <summary>
/// Check scheduler dispatch: <c>monitors</c> active TCP monitors every second, with default scheduler limits and a probe
/// that answers at once, so what is measured is the scheduler's own work per run: timeline → ready queue → thread
/// pool → probe call → result recorded on the monitor (a <see cref="CheckEngine"/> into a sink that completes at once)
/// → slot released. Each <see cref="DispatchOneInterval"/> moves a manual clock by one interval, ticks, and waits
/// until every run of that interval has finished.
/// </summary>
public sealed class SchedulerWorkload : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ManualClock _clock;
    private readonly CompletedSink _sink = new();
    private readonly CheckScheduler _scheduler;
    private long _expected;

    public SchedulerWorkload(int monitors = 1_000)
    {
        Monitors = monitors;
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _clock = new ManualClock(start);
        _scheduler = new CheckScheduler(_clock, SchedulerOptions.Default, [new InstantProbe()], new CheckEngine(_sink));
        var spec = new TcpCheckSpec { Host = "127.0.0.1", Port = 9, Interval = Interval };
        var schedule = new SimpleSchedule(Interval, Interval);
        for (var i = 0; i < monitors; i++)
        {
            var definition = new MonitorDefinition(Guid.NewGuid(), $"check {i}", $"check-{i}", [], "", schedule, false, start) { Check = spec };
            var state = new MonitorStateRecord(MonitorStatus.Up, start, null, null, null, null, 0);
            _scheduler.Upsert(new MonitorRuntime(new MonitorRecord(i + 1, definition, state)));
        }
    }

    public int Monitors { get; }

    /// <summary>One interval passes: every monitor's slot comes due once and its run is dispatched and finished.</summary>
    public long DispatchOneInterval()
    {
        _clock.Advance(Interval);
        _scheduler.Tick();
        _expected += Monitors;
        _sink.WaitForResults(_expected);
        var spin = new SpinWait();
        while (_scheduler.Running > 0 || _scheduler.QueueDepth > 0) // the last runs release their slots after recording
            spin.SpinOnce(sleep1Threshold: -1);
        return _sink.Results;
    }

    public ValueTask DisposeAsync() => _scheduler.DisposeAsync();

    /// <summary>A probe that succeeds at once with one shared result: no network, no allocation of its own.</summary>
    private sealed class InstantProbe : IProbe
    {
        private static readonly Task<ProbeResult> Up = Task.FromResult(ProbeResult.Success(TimeSpan.FromMilliseconds(1)));

        public string Type => "tcp";

        public Task<ProbeResult> RunAsync(CheckSpec spec, CancellationToken cancellationToken) => Up;
    }
}
