using Vigil.Core.Checks;
using Vigil.Core.Runtime;

namespace Vigil.Checks.Scheduling;

/// <summary>One active monitor as the scheduler tracks it. Mutable fields are guarded by the scheduler's lock.</summary>
internal sealed class ScheduledCheck(MonitorRuntime monitor, CheckSpec spec, int typeIndex)
{
    public MonitorRuntime Monitor { get; } = monitor;
    public CheckSpec Spec { get; } = spec;
    public int TypeIndex { get; } = typeIndex;

    /// <summary>Set when the monitor was removed or re-planned: copies of this entry still in the timeline are ignored.</summary>
    public bool Retired;

    /// <summary>A run of this monitor is queued or in flight; a new slot that comes due meanwhile is skipped, not stacked.</summary>
    public bool Busy;

    /// <summary>
    /// The monitor's deterministic offset within its interval, from its id: monitors with the same interval are spread
    /// evenly instead of all running at the same instant, and a restart keeps each one's phase.
    /// </summary>
    public long PhaseTicks { get; } = (long)(Spread(monitor.Id) % (ulong)spec.Interval.Ticks);

    /// <summary>The first slot strictly after <paramref name="nowTicks"/>.</summary>
    public long NextSlotAfter(long nowTicks)
    {
        var interval = Spec.Interval.Ticks;
        var sincePhase = nowTicks - PhaseTicks;
        return nowTicks - (((sincePhase % interval) + interval) % interval) + interval;
    }

    private static ulong Spread(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var mixed = BitConverter.ToUInt64(bytes) ^ BitConverter.ToUInt64(bytes[8..]);
        // A 64-bit finaliser (splitmix64): GUIDs from one generator share bits, so spread them before the modulo.
        mixed = (mixed ^ (mixed >> 30)) * 0xbf58476d1ce4e5b9UL;
        mixed = (mixed ^ (mixed >> 27)) * 0x94d049bb133111ebUL;
        return mixed ^ (mixed >> 31);
    }
}
