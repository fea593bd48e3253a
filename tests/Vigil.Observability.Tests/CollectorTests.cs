using System.Diagnostics.Metrics;
using Vigil.Observability.Collection;

namespace Vigil.Observability.Tests;

public sealed class CollectorTests
{
    [Fact]
    public void Counters_AddUpPerTagSet_LongAndDouble()
    {
        using var meters = new TestMeters();
        var meter = meters.Meter();
        var pings = meter.CreateCounter<long>("vigil.pings", "{ping}");
        var work = meter.CreateCounter<double>("vigil.work", "s");
        pings.Add(2, new KeyValuePair<string, object?>("kind", "success"));
        pings.Add(3, new KeyValuePair<string, object?>("kind", "success"));
        pings.Add(1, new KeyValuePair<string, object?>("kind", "fail"));
        work.Add(0.25);
        work.Add(0.5);

        var page = meters.Render();

        Assert.Contains("vigil_pings_total{kind=\"success\"} 5\n", page);
        Assert.Contains("vigil_pings_total{kind=\"fail\"} 1\n", page);
        Assert.Contains("vigil_work_seconds_total 0.75\n", page);
    }

    [Fact]
    public void OnlyThisScopesVigilMeters_AndNamedGlobalMeters_AreCollected()
    {
        using var meters = new TestMeters();
        meters.Meter("Vigil.Mine").CreateCounter<long>("vigil.mine").Add(1);
        meters.Meter("Vigil.Other", scope: new object()).CreateCounter<long>("vigil.other_host").Add(1);
        meters.Meter("Acme.Thing").CreateCounter<long>("acme.thing").Add(1);
        using var global = new Meter("Test.Global." + Guid.NewGuid().ToString("N"));
        global.CreateCounter<long>("global.thing").Add(1);
        using var withGlobal = new MetricsCollector(meters.Scope, [global.Name]);

        var page = meters.Render();

        Assert.Contains("vigil_mine_total 1", page);
        Assert.DoesNotContain("other_host", page);
        Assert.DoesNotContain("acme", page);
        Assert.Contains(withGlobal.Collect(), i => i.Name == "global_thing");
    }

    [Fact]
    public void Histogram_UsesAdvisedBuckets_ElseTheDefaultForSeconds()
    {
        using var meters = new TestMeters();
        var meter = meters.Meter();
        var sizes = meter.CreateHistogram<int>("vigil.write.batch.size", "{item}", null, null, new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 100] });
        var lag = meter.CreateHistogram<double>("vigil.deadline.lag", "s");
        sizes.Record(1);
        sizes.Record(7);
        sizes.Record(5000);
        lag.Record(0.003);

        var page = meters.Render();

        Assert.Contains("vigil_write_batch_size_bucket{le=\"1\"} 1\nvigil_write_batch_size_bucket{le=\"10\"} 2\nvigil_write_batch_size_bucket{le=\"100\"} 2\nvigil_write_batch_size_bucket{le=\"+Inf\"} 3\nvigil_write_batch_size_sum 5008\nvigil_write_batch_size_count 3\n", page);
        Assert.Contains("vigil_deadline_lag_seconds_bucket{le=\"0.0025\"} 0\nvigil_deadline_lag_seconds_bucket{le=\"0.005\"} 1\n", page);
        Assert.Equal(CollectedInstrument.DefaultSecondsBounds.Length + 1, page.Split('\n').Count(l => l.StartsWith("vigil_deadline_lag_seconds_bucket", StringComparison.Ordinal)));
    }

    [Fact]
    public void ObservableSeries_ThatTheCallbackStopsReporting_Vanish()
    {
        using var meters = new TestMeters();
        var pools = new Dictionary<string, long> { ["redis"] = 3, ["postgres"] = 2 };
        meters.Meter().CreateObservableGauge("vigil.pool.connections", () => pools.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("type", p.Key))), "{connection}");

        var first = meters.Render();
        pools.Remove("redis");
        pools["postgres"] = 4;
        var second = meters.Render();

        Assert.Contains("vigil_pool_connections{type=\"redis\"} 3", first);
        Assert.Contains("vigil_pool_connections{type=\"postgres\"} 2", first);
        Assert.DoesNotContain("redis", second);
        Assert.Contains("vigil_pool_connections{type=\"postgres\"} 4", second);
    }

    [Fact]
    public void ObservableReportingOneTagSetTwice_ShowsTheirSum_AndDoesNotGrowAcrossCollections()
    {
        using var meters = new TestMeters();
        meters.Meter().CreateObservableCounter("vigil.pool.exhausted", () => new[] { new Measurement<long>(2, new KeyValuePair<string, object?>("type", "tcp")), new Measurement<long>(3, new KeyValuePair<string, object?>("type", "tcp")) });

        meters.Render();
        var page = meters.Render();

        Assert.Contains("vigil_pool_exhausted_total{type=\"tcp\"} 5\n", page);
    }

    [Fact]
    public void ACallbackThatThrows_LosesOnlyItsOwnSeries()
    {
        using var meters = new TestMeters();
        var meter = meters.Meter();
        Func<long> broken = () => throw new InvalidOperationException("broken gauge");
        meter.CreateObservableGauge("vigil.broken", broken);
        meter.CreateObservableGauge("vigil.fine", () => 7L);

        var page = meters.Render();

        Assert.Contains("vigil_fine 7\n", page);
        Assert.DoesNotContain("vigil_broken", page);
        Assert.Equal(1, meters.Collector.ObserveErrors);
        Assert.Contains("broken gauge", meters.Collector.LastObserveError!.ToString());
    }

    [Fact]
    public void UpDownCounters_AreGauges_ThatGoBothWays()
    {
        using var meters = new TestMeters();
        var active = meters.Meter().CreateUpDownCounter<long>("vigil.http.server.active_requests", "{request}");
        active.Add(3);
        active.Add(-1);

        var page = meters.Render();

        Assert.Contains("# TYPE vigil_http_server_active_requests gauge\nvigil_http_server_active_requests 2\n", page);
    }

    [Fact]
    public void Recording_FromManyThreads_LosesNothing()
    {
        using var meters = new TestMeters();
        var meter = meters.Meter();
        var counter = meter.CreateCounter<long>("vigil.c");
        var sum = meter.CreateCounter<double>("vigil.d");
        var histogram = meter.CreateHistogram<double>("vigil.h", "s");
        const int Threads = 8, PerThread = 20_000;
        var kinds = new[] { "a", "b" };

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                var tag = new KeyValuePair<string, object?>("kind", kinds[i % 2]);
                counter.Add(1, tag);
                sum.Add(0.5, tag);
                histogram.Record(0.001, tag);
            }
        });

        var page = meters.Render();
        var half = Threads * PerThread / 2;
        Assert.Contains($"vigil_c_total{{kind=\"a\"}} {half}\n", page);
        Assert.Contains($"vigil_c_total{{kind=\"b\"}} {half}\n", page);
        Assert.Contains($"vigil_d_total{{kind=\"a\"}} {half * 0.5}\n", page);
        Assert.Contains($"vigil_h_seconds_count{{kind=\"b\"}} {half}\n", page);
        Assert.Contains($"vigil_h_seconds_bucket{{kind=\"a\",le=\"0.001\"}} {half}\n", page);
    }

    [Fact]
    public void Dispose_Detaches()
    {
        var meters = new TestMeters();
        var counter = meters.Meter().CreateCounter<long>("vigil.c");
        counter.Add(1);
        Assert.Equal(1, meters.Collector.InstrumentCount);
        meters.Collector.Dispose();
        Assert.False(counter.Enabled);
        meters.Dispose();
    }

    [Fact]
    public void MeterDisposed_ItsInstrumentsLeaveThePage()
    {
        using var meters = new TestMeters();
        var meter = new Meter(new MeterOptions("Vigil.Short") { Scope = meters.Scope });
        meter.CreateCounter<long>("vigil.short").Add(1);
        Assert.Contains("vigil_short_total", meters.Render());
        meter.Dispose();
        Assert.DoesNotContain("vigil_short", meters.Render());
    }
}
