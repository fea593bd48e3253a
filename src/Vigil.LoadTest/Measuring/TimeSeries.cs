namespace Vigil.LoadTest.Measuring;

/// <summary>
/// Requests, errors and latency per interval of the run: one second for runs up to ten minutes, longer
/// intervals beyond, so a long soak still keeps at most about 600 points (each with its own small histogram).
/// </summary>
public sealed class TimeSeries
{
    private const int MaxPoints = 600;
    // 16 buckets per power of two (about 3 %) is plenty for a plot and keeps each interval at a few KB.
    private const int PointSubBits = 4;

    private readonly Point[] _points;

    public TimeSeries(TimeSpan expectedDuration)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(expectedDuration.TotalSeconds));
        IntervalSeconds = Math.Max(1, (int)Math.Ceiling(seconds / (double)MaxPoints));
        // Slack for requests that finish after the schedule ends (up to the request timeout).
        _points = new Point[seconds / IntervalSeconds + 1 + 120 / IntervalSeconds];
    }

    public int IntervalSeconds { get; }

    public void Record(TimeSpan sinceStart, long latencyNs, bool failed)
    {
        var slot = (int)(sinceStart.TotalSeconds / IntervalSeconds);
        if (slot < 0 || slot >= _points.Length)
            return;
        var point = Volatile.Read(ref _points[slot]);
        if (point is null)
        {
            Interlocked.CompareExchange(ref _points[slot], new Point(), null);
            point = Volatile.Read(ref _points[slot])!;
        }
        point.Latency.Record(latencyNs);
        if (failed)
            Interlocked.Increment(ref point.Errors);
    }

    /// <summary>The intervals up to the last one that saw a request (empty ones in between as zeros).</summary>
    public IReadOnlyList<SeriesPoint> Points()
    {
        var last = Array.FindLastIndex(_points, p => p is not null);
        var list = new List<SeriesPoint>(last + 1);
        for (var i = 0; i <= last; i++)
        {
            var p = _points[i];
            var t = (double)i * IntervalSeconds;
            if (p is null)
            {
                list.Add(new SeriesPoint(t, 0, 0, 0, 0, 0, 0));
                continue;
            }
            var h = p.Latency;
            list.Add(new SeriesPoint(t, h.Count / (double)IntervalSeconds, Volatile.Read(ref p.Errors),
                Ms(h.ValueAtPercentile(50)), Ms(h.ValueAtPercentile(99)), Ms(h.ValueAtPercentile(99.9)), Ms(h.MaxNs)));
        }
        return list;
    }

    private static double Ms(long ns) => Math.Round(ns / 1e6, 3);

    private sealed class Point
    {
        public readonly LatencyHistogram Latency = new(PointSubBits);
        public long Errors;
    }
}

/// <summary>One interval of the series: start (s), requests per second, errors, latency in ms.</summary>
public sealed record SeriesPoint(double T, double Rps, long Errors, double P50Ms, double P99Ms, double P999Ms, double MaxMs);
