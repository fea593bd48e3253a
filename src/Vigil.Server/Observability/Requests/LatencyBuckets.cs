namespace Vigil.Server.Observability.Requests;

/// <summary>
/// Fixed latency buckets for the request windows: three per doubling from 50 µs to about 84 s (63 bounds) plus an
/// overflow bucket, so a percentile read from them is within about 26 % of the true value, at 256 bytes of counts per slot.
/// </summary>
internal static class LatencyBuckets
{
    public const int Count = 64;
    private const double FirstBoundMicros = 50;

    /// <summary>Upper bounds in microseconds of buckets 0..62; bucket 63 holds everything above.</summary>
    public static readonly double[] BoundsMicros = [.. Enumerable.Range(0, Count - 1).Select(i => FirstBoundMicros * Math.Pow(2, i / 3.0))];

    public static int IndexOf(double micros)
    {
        if (micros <= FirstBoundMicros)
            return 0;
        // Bound i is 50·2^(i/3): the first bound at or above the value.
        var index = (int)Math.Ceiling(3 * Math.Log2(micros / FirstBoundMicros) - 1e-9);
        return Math.Min(index, Count - 1);
    }

    /// <summary>The quantile in milliseconds, interpolated inside its bucket; null without values.</summary>
    public static double? PercentileMs(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var c in counts)
            total += c;
        if (total == 0)
            return null;
        var rank = Math.Max(1, quantile * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0 || seen + counts[i] < rank)
            {
                seen += counts[i];
                continue;
            }
            if (i == Count - 1)
                return BoundsMicros[^1] / 1000;
            var lower = i == 0 ? 0 : BoundsMicros[i - 1];
            var share = (rank - seen) / counts[i];
            return (lower + ((BoundsMicros[i] - lower) * share)) / 1000;
        }
        return BoundsMicros[^1] / 1000;
    }
}
