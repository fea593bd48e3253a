using System.Diagnostics.Metrics;
using System.Text;
using Vigil.Observability.Collection;
using Vigil.Observability.Exposition;

namespace Vigil.Observability.Tests;

public sealed class ExpositionTests
{
    private static TestMeters Sample()
    {
        var meters = new TestMeters();
        var meter = meters.Meter();
        var pings = meter.CreateCounter<long>("vigil.pings", "{ping}", "Pings received");
        pings.Add(3, new("kind", "success"), new("outcome", "accepted"));
        pings.Add(1, new("outcome", "accepted"), new("kind", "fail"));
        var duration = meter.CreateHistogram<double>("vigil.ping.duration", "s", "Ping handling time", null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        duration.Record(0.0625, new KeyValuePair<string, object?>("kind", "success"));
        duration.Record(0.5, new KeyValuePair<string, object?>("kind", "success"));
        meter.CreateObservableGauge("vigil.storage.data", () => 1_048_576L, "By", "Size of \"data\" \\ files\nsecond line");
        return meters;
    }

    [Fact]
    public void PrometheusText_Golden()
    {
        using var meters = Sample();
        Assert.Equal("""
            # HELP vigil_ping_duration_seconds Ping handling time
            # TYPE vigil_ping_duration_seconds histogram
            vigil_ping_duration_seconds_bucket{kind="success",le="0.1"} 1
            vigil_ping_duration_seconds_bucket{kind="success",le="1"} 2
            vigil_ping_duration_seconds_bucket{kind="success",le="+Inf"} 2
            vigil_ping_duration_seconds_sum{kind="success"} 0.5625
            vigil_ping_duration_seconds_count{kind="success"} 2
            # HELP vigil_pings_total Pings received
            # TYPE vigil_pings_total counter
            vigil_pings_total{kind="fail",outcome="accepted"} 1
            vigil_pings_total{kind="success",outcome="accepted"} 3
            # HELP vigil_storage_data_bytes Size of "data" \\ files\nsecond line
            # TYPE vigil_storage_data_bytes gauge
            vigil_storage_data_bytes 1048576

            """, meters.Render(ExpositionFormat.PrometheusText));
    }

    [Fact]
    public void OpenMetrics_Golden()
    {
        using var meters = Sample();
        Assert.Equal("""
            # HELP vigil_ping_duration_seconds Ping handling time
            # TYPE vigil_ping_duration_seconds histogram
            # UNIT vigil_ping_duration_seconds seconds
            vigil_ping_duration_seconds_bucket{kind="success",le="0.1"} 1
            vigil_ping_duration_seconds_bucket{kind="success",le="1.0"} 2
            vigil_ping_duration_seconds_bucket{kind="success",le="+Inf"} 2
            vigil_ping_duration_seconds_sum{kind="success"} 0.5625
            vigil_ping_duration_seconds_count{kind="success"} 2
            # HELP vigil_pings Pings received
            # TYPE vigil_pings counter
            vigil_pings_total{kind="fail",outcome="accepted"} 1
            vigil_pings_total{kind="success",outcome="accepted"} 3
            # HELP vigil_storage_data_bytes Size of \"data\" \\ files\nsecond line
            # TYPE vigil_storage_data_bytes gauge
            # UNIT vigil_storage_data_bytes bytes
            vigil_storage_data_bytes 1048576
            # EOF

            """, meters.Render(ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public async Task GoldenTextPage_PassesPromtool()
    {
        using var meters = Sample();
        await Promtool.AssertValidAsync(meters.Render());
    }

    [Fact]
    public void LabelValues_EscapeBackslashQuoteAndNewline_AndKeepUtf8()
    {
        var writer = new MetricsWriter(ExpositionFormat.PrometheusText);
        writer.Family("x", MetricType.Gauge, "h");
        writer.BeginSample();
        writer.Label("path", "a\"b\\c\nd é 🙂");
        writer.Label("id", Guid.Parse("6f1c2f5e-9a55-4a8e-9d4f-5c0b7d1e2a3b"));
        writer.EndSample(double.NaN);
        writer.BeginSample();
        writer.EndSample(double.NegativeInfinity);

        Assert.Equal("# HELP x h\n# TYPE x gauge\nx{path=\"a\\\"b\\\\c\\nd é 🙂\",id=\"6f1c2f5e-9a55-4a8e-9d4f-5c0b7d1e2a3b\"} NaN\nx -Inf\n", Encoding.UTF8.GetString(writer.Written));
    }

    [Fact]
    public void Numbers_RoundTrip_InvariantCulture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var writer = new MetricsWriter(ExpositionFormat.PrometheusText);
            writer.Family("x", MetricType.Gauge, "h");
            writer.BeginSample();
            writer.EndSample(0.1 + 0.2);
            writer.BeginSample();
            writer.EndSample(1e-7);
            writer.BeginSample();
            writer.EndSample(-12345678901234L);
            var lines = Encoding.UTF8.GetString(writer.Written).Split('\n');
            Assert.Equal("x 0.30000000000000004", lines[2]);
            Assert.Equal(1e-7, double.Parse(lines[3][2..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("x -12345678901234", lines[4]);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Reset_ReusesTheBuffer()
    {
        var writer = new MetricsWriter(ExpositionFormat.OpenMetrics, initialCapacity: 256);
        for (var round = 0; round < 2; round++)
        {
            writer.Reset();
            writer.Family("long_family_name_to_grow_the_buffer", MetricType.Counter, new string('h', 300));
            writer.BeginSample();
            writer.EndSample(round);
            writer.End();
        }
        var page = Encoding.UTF8.GetString(writer.Written);
        Assert.StartsWith("# HELP long_family_name_to_grow_the_buffer hhh", page);
        Assert.EndsWith("long_family_name_to_grow_the_buffer_total 1\n# EOF\n", page);
    }
}
