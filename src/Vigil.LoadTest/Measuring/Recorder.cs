using System.Diagnostics;

namespace Vigil.LoadTest.Measuring;

/// <summary>
/// What one run (or one ramp step, or one abuse part) saw: latency from each request's scheduled send time
/// (coordinated-omission corrected), service time from the real send, errors by kind, and a time series.
/// Thread-safe; recording allocates nothing.
/// </summary>
public sealed class Recorder
{
    private readonly long _startTimestamp;
    private readonly TimeSeries _series;
    private long _requests;
    private long _succeeded;
    private long _pings;
    private long _lastTimestamp;

    private readonly Recorder? _alsoTo;

    /// <param name="alsoTo">A recorder that sees every request too (a ramp step's requests also count for the whole ramp).</param>
    public Recorder(long startTimestamp, TimeSpan expectedDuration, Recorder? alsoTo = null)
    {
        _startTimestamp = startTimestamp;
        _series = new TimeSeries(expectedDuration);
        _alsoTo = alsoTo;
    }

    public LatencyHistogram Latency { get; } = new();
    public LatencyHistogram ServiceTime { get; } = new();
    public ErrorCounts Errors { get; } = new();
    public TimeSeries Series => _series;
    public long Requests => Volatile.Read(ref _requests);
    public long Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Pings carried by successful requests (more than requests with the batch endpoint).</summary>
    public long Pings => Volatile.Read(ref _pings);

    public long StartTimestamp => _startTimestamp;

    /// <summary>Seconds from start to the last completion (the span throughput is over).</summary>
    public double ElapsedSeconds
    {
        get
        {
            var last = Volatile.Read(ref _lastTimestamp);
            return last == 0 ? 0 : Stopwatch.GetElapsedTime(_startTimestamp, last).TotalSeconds;
        }
    }

    /// <summary>Records one finished request; <paramref name="errorKind"/> is null for a success.</summary>
    public void Record(long scheduledTimestamp, long sentTimestamp, long doneTimestamp, string? errorKind, int pings = 1)
    {
        var latency = TicksToNs(doneTimestamp - scheduledTimestamp);
        Latency.Record(latency);
        ServiceTime.Record(TicksToNs(doneTimestamp - sentTimestamp));
        Interlocked.Increment(ref _requests);
        if (errorKind is null)
        {
            Interlocked.Increment(ref _succeeded);
            Interlocked.Add(ref _pings, pings);
        }
        else
        {
            Errors.Count(errorKind);
        }
        long last;
        while (doneTimestamp > (last = Volatile.Read(ref _lastTimestamp)) && Interlocked.CompareExchange(ref _lastTimestamp, doneTimestamp, last) != last)
        {
        }
        _series.Record(Stopwatch.GetElapsedTime(_startTimestamp, doneTimestamp), latency, errorKind is not null);
        _alsoTo?.Record(scheduledTimestamp, sentTimestamp, doneTimestamp, errorKind, pings);
    }

    public static long TicksToNs(long ticks) => ticks <= 0 ? 0 : (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
}
