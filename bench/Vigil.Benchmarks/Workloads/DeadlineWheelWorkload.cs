using Vigil.Core.Deadlines;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Benchmarks.Workloads;

/// <summary>
/// The deadline wheel as the server has it (250 ms slots, 16,384 of them) holding <c>monitors</c> heartbeat monitors
/// whose next checks are spread evenly over one period (one hour). Each operation moves a manual clock by one slot,
/// so each sweep finds the same share of due monitors (about 69 per slot at a million); the judge files each one a
/// period later, as an up monitor that keeps pinging would be. The wheel is measured alone: judging a monitor is
/// <see cref="HeartbeatEngine"/>'s work, outside the wheel.
/// </summary>
public sealed class DeadlineWheelWorkload
{
    public const int Moved = 64;

    private static readonly TimeSpan Slot = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    private readonly ManualClock _clock;
    private readonly MonitorRuntime[] _monitors;
    private readonly Func<MonitorRuntime, DateTimeOffset, DateTimeOffset?> _onePeriodLater;
    private readonly Func<MonitorRuntime, DateTimeOffset, DateTimeOffset?> _spread;
    private int _next;
    private long _spreadStep;

    public DeadlineWheelWorkload(int monitors = 1_000_000)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _clock = new ManualClock(start);
        Wheel = new DeadlineWheel(Slot, start);
        // Monitors share one definition: the wheel never reads it, and a million definitions would only cost memory.
        var definition = new MonitorDefinition(Guid.NewGuid(), "bench", "bench", [], "", new SimpleSchedule(Period, Period), false, start);
        var state = new MonitorStateRecord(MonitorStatus.Up, start, start, start, null, null, 0);
        _monitors = new MonitorRuntime[monitors];
        for (var i = 0; i < monitors; i++)
        {
            _monitors[i] = new MonitorRuntime(new MonitorRecord(i + 1, definition, state));
            Wheel.File(_monitors[i], start + (Period * i / monitors) + Slot);
        }
        _onePeriodLater = static (_, now) => now + Period;
        _spread = (_, now) => now + TimeSpan.FromTicks(Period.Ticks * (++_spreadStep % 997) / 997);
        // One lap, so every slot has been swept once and the wheel is in its steady state.
        for (var i = 0; i < Period / Slot; i++)
            Sweep();
    }

    public DeadlineWheel Wheel { get; }

    /// <summary>One slot's worth of time passes: the due monitors are judged and filed one period later.</summary>
    public int Sweep()
    {
        Wheel.Advance(_clock.Advance(Slot), _onePeriodLater);
        return Wheel.Count;
    }

    /// <summary>
    /// <see cref="Moved"/> monitors are filed for new check times (what a start ping or an edit does: the copy in the
    /// old slot goes stale), then the slot is swept, so stale copies are cleared at the rate they are made.
    /// </summary>
    public int FileAndSweep()
    {
        var now = _clock.GetUtcNow();
        for (var i = 0; i < Moved; i++)
            Wheel.File(NextMonitor(), now + TimeSpan.FromTicks(Period.Ticks * (++_spreadStep % 997) / 997) + Slot);
        return Sweep();
    }

    /// <summary>
    /// <see cref="Moved"/> re-check requests (a ping that changed a status, a resume, an edit) go through the lock-free
    /// inbox, and the next sweep judges them and files each at its new time.
    /// </summary>
    public int RequestChecks()
    {
        for (var i = 0; i < Moved; i++)
            Wheel.RequestCheck(NextMonitor());
        Wheel.Advance(_clock.Advance(Slot), _spread);
        return Wheel.Count;
    }

    private MonitorRuntime NextMonitor()
    {
        var i = _next;
        _next = i + 1 == _monitors.Length ? 0 : i + 1;
        return _monitors[i];
    }
}
