using Vigil.LoadTest.Measuring;

namespace Vigil.LoadTest.Tests.Measuring;

public sealed class ServerProbeTests
{
    [Fact]
    public void Reads_cpu_rss_and_gc_heap_from_a_prometheus_page()
    {
        const string page = """
            # HELP dotnet_process_cpu_time_seconds_total CPU time
            dotnet_process_cpu_time_seconds_total{cpu_mode="system"} 0.25
            dotnet_process_cpu_time_seconds_total{cpu_mode="user"} 1.5
            dotnet_process_memory_working_set_bytes 94507008
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 500
            dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen2"} 1500
            dotnet_gc_last_collection_heap_fragmentation_size_bytes{gc_heap_generation="gen2"} 99999
            """;
        var sample = ServerProbe.Parse(page, 1.5);
        Assert.NotNull(sample);
        Assert.Equal(1.75, sample.CpuSeconds);
        Assert.Equal(94507008, sample.RssBytes);
        Assert.Equal(2000, sample.GcHeapBytes);
        Assert.Equal(1.5, sample.AtSeconds);
        Assert.Null(ServerProbe.Parse("# nothing here\nother_metric 1\n", 0));
    }

    [Fact]
    public void The_memory_trend_leaves_out_warm_up_and_fits_a_line()
    {
        // 1 MiB a minute after a warm-up jump of 50 MiB.
        var samples = Enumerable.Range(0, 20).Select(i => new ServerSample(i * 6, null, (i < 4 ? 50L << 20 : 100L << 20) + (long)(i * 0.1 * 1048576), null)).ToList();
        var trend = Trends.Of(samples, s => s.RssBytes, 24);
        Assert.NotNull(trend);
        Assert.Equal(16, trend.Samples);
        Assert.InRange(trend.SlopeBytesPerMinute, 1048576 * 0.99, 1048576 * 1.01);
        Assert.InRange(trend.GrowthPercent, 1.3, 1.6); // 1.5 MiB over ~101.5 MiB
        Assert.Null(Trends.Of(samples, s => s.GcHeapBytes, 0));
    }
}
