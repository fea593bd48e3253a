using Vigil.LoadTest.Measuring;

namespace Vigil.LoadTest.Tests.Measuring;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Small_values_are_exact()
    {
        var h = new LatencyHistogram();
        for (var v = 1; v <= 200; v++)
            h.Record(v);
        Assert.Equal(100, h.ValueAtPercentile(50));
        Assert.Equal(198, h.ValueAtPercentile(99));
        Assert.Equal(1, h.MinNs);
        Assert.Equal(200, h.MaxNs);
        Assert.Equal(100.5, h.MeanNs);
    }

    [Fact]
    public void Percentiles_of_a_wide_distribution_are_within_half_a_percent_of_the_exact_ones()
    {
        // Log-normal latencies from about 20 µs to seconds, as a real run has them.
        var random = new Random(42);
        var values = new long[200_000];
        for (var i = 0; i < values.Length; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = (long)Math.Exp(13 + 1.5 * normal); // median e^13 ns ≈ 0.44 ms
        }
        var h = new LatencyHistogram();
        foreach (var v in values)
            h.Record(v);
        Array.Sort(values);
        foreach (var p in new[] { 1, 10, 50, 90, 99, 99.9, 99.99 })
        {
            var exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
            var estimate = h.ValueAtPercentile(p);
            Assert.True(Math.Abs(estimate - exact) <= exact * 0.005, $"p{p}: {estimate} ns against exact {exact} ns");
        }
        Assert.Equal(values[^1], h.MaxNs);
        Assert.Equal(values[^1], h.ValueAtPercentile(100));
        Assert.Equal(values.Length, h.Count);
        Assert.Equal(values.Length, h.Buckets().Sum(b => b.Count));
    }

    [Fact]
    public void Buckets_cover_their_values_and_do_not_overlap()
    {
        var h = new LatencyHistogram();
        foreach (var v in new long[] { 0, 1, 255, 256, 257, 1_000_000, 1_000_999, 3_000_000_000 })
            h.Record(v);
        var buckets = h.Buckets().ToList();
        for (var i = 1; i < buckets.Count; i++)
            Assert.True(buckets[i].LowNs > buckets[i - 1].HighNs);
        Assert.Contains(buckets, b => b.LowNs <= 3_000_000_000 && b.HighNs >= 3_000_000_000 && (b.HighNs - b.LowNs) <= 3_000_000_000 / 128);
    }

    [Fact]
    public void Adding_histograms_gives_the_histogram_of_all_values()
    {
        var all = new LatencyHistogram();
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var v = random.NextInt64(1, 50_000_000);
            all.Record(v);
            (i % 2 == 0 ? a : b).Record(v);
        }
        a.Add(b);
        Assert.Equal(all.Count, a.Count);
        Assert.Equal(all.MaxNs, a.MaxNs);
        Assert.Equal(all.MinNs, a.MinNs);
        foreach (var p in new[] { 50.0, 99, 99.9 })
            Assert.Equal(all.ValueAtPercentile(p), a.ValueAtPercentile(p));
        Assert.Throws<ArgumentException>(() => a.Add(new LatencyHistogram(4)));
    }

    [Fact]
    public void Values_past_the_range_are_clamped_and_an_empty_histogram_answers_zero()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.ValueAtPercentile(99));
        h.Record(long.MaxValue);
        h.Record(-5);
        Assert.Equal(LatencyHistogram.MaxValueNs, h.MaxNs);
        Assert.Equal(0, h.MinNs);
    }
}
