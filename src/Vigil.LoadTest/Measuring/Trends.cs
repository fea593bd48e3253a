namespace Vigil.LoadTest.Measuring;

/// <summary>The memory trend of a soak: a least-squares line through the samples taken after warm-up.</summary>
public static class Trends
{
    public static Reporting.MemoryTrend? Of(IReadOnlyList<ServerSample> samples, Func<ServerSample, long?> value, double warmupSeconds)
    {
        var points = samples.Where(s => s.AtSeconds >= warmupSeconds && value(s) is not null)
            .Select(s => (X: s.AtSeconds, Y: (double)value(s)!.Value)).ToList();
        if (points.Count < 2)
            return null;
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var slope = sxx == 0 ? 0 : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / sxx;
        var first = meanY + slope * (points[0].X - meanX);
        var last = meanY + slope * (points[^1].X - meanX);
        var growth = first <= 0 ? 0 : (last - first) / first * 100;
        return new Reporting.MemoryTrend(Math.Round(slope * 60), Math.Round(growth, 3), Math.Round(warmupSeconds, 1), points.Count, (long)value(samples.First(s => s.AtSeconds >= warmupSeconds && value(s) is not null))!.Value, (long)value(samples.Last(s => value(s) is not null))!.Value);
    }
}
