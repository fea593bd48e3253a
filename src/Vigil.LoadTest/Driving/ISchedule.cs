using System.Diagnostics;

namespace Vigil.LoadTest.Driving;

/// <summary>When each request of an open-loop run is due, in Stopwatch ticks from the run's start.</summary>
public interface ISchedule
{
    /// <summary>False once <paramref name="index"/> is past the end of the run.</summary>
    bool TryGetDue(long index, out long dueTicks);
}

/// <summary>Requests evenly spaced at <c>rate</c> per second for <c>duration</c>.</summary>
public sealed class FixedRateSchedule(double rate, TimeSpan duration) : ISchedule
{
    private readonly long _endTicks = (long)(duration.TotalSeconds * Stopwatch.Frequency);
    private readonly double _ticksPerRequest = Stopwatch.Frequency / rate;

    public bool TryGetDue(long index, out long dueTicks)
    {
        dueTicks = (long)(index * _ticksPerRequest);
        return dueTicks < _endTicks;
    }
}

/// <summary>Bursts of <c>size</c> requests all due at the same instant, one burst every <c>interval</c>, idle in between.</summary>
public sealed class BurstSchedule(int size, TimeSpan interval, TimeSpan duration) : ISchedule
{
    private readonly long _endTicks = (long)(duration.TotalSeconds * Stopwatch.Frequency);
    private readonly long _intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);

    public bool TryGetDue(long index, out long dueTicks)
    {
        dueTicks = index / size * _intervalTicks;
        return dueTicks < _endTicks;
    }
}
