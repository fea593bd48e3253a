using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Vigil.Observability.Collection;
using Vigil.Observability.Exposition;

namespace Vigil.Observability.Tests;

public sealed class MetricsPageTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Page_IsCachedForTheRefreshInterval_ThenRebuiltOnTheNextScrape()
    {
        using var meters = new TestMeters();
        var time = new FakeTimeProvider(Epoch);
        var counter = meters.Meter().CreateCounter<long>("vigil.c");
        var page = meters.Page(time, TimeSpan.FromSeconds(1));

        counter.Add(1);
        var first = await TextAsync(page);
        counter.Add(1);
        time.Advance(TimeSpan.FromMilliseconds(999));
        var cached = await TextAsync(page);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var rebuilt = await TextAsync(page);

        Assert.Contains("vigil_c_total 1\n", first);
        Assert.Same(first, cached);
        Assert.Contains("vigil_c_total 2\n", rebuilt);
        Assert.Equal(1, page.Stats.Hits);
        Assert.Equal(2, page.Stats.Misses);
        Assert.Equal(1, page.Stats.Entries);
        Assert.Equal(Encoding.UTF8.GetByteCount(rebuilt), page.Stats.Bytes);
        // The page times its own builds.
        Assert.Contains("vigil_metrics_page_build_duration_seconds_count 1\n", rebuilt);
    }

    [Fact]
    public async Task EachFormat_HasItsOwnCachedPage_AndGzipDecompressesToThePlainPage()
    {
        using var meters = new TestMeters();
        meters.Meter().CreateCounter<long>("vigil.c").Add(7);
        var page = meters.Page(new FakeTimeProvider(Epoch), TimeSpan.FromSeconds(1));

        using var open = await page.GetAsync(ExpositionFormat.OpenMetrics, gzip: false);
        using var text = await page.GetAsync(ExpositionFormat.PrometheusText, gzip: false);
        using var zipped = await page.GetAsync(ExpositionFormat.PrometheusText, gzip: true);

        Assert.EndsWith("# EOF\n", Encoding.UTF8.GetString(open.Bytes.Span));
        Assert.True(zipped.IsGzipped);
        using var unzip = new GZipStream(new MemoryStream(zipped.Bytes.ToArray()), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await unzip.CopyToAsync(plain);
        Assert.Equal(text.Bytes.ToArray(), plain.ToArray());
        using (var again = await page.GetAsync(ExpositionFormat.PrometheusText, gzip: true))
            Assert.Same(zipped.Page, again.Page);
        Assert.Equal(3, page.Stats.Entries);
    }

    [Fact]
    public async Task ScrapesDuringABuild_WaitForIt_AndNeverBuildTwice()
    {
        using var meters = new TestMeters();
        using var source = new BlockingSource();
        // A zero interval: any scrape that did not wait for the running build would build again.
        var page = meters.Page(new FakeTimeProvider(Epoch), TimeSpan.Zero, source);

        var first = Task.Run(() => ScrapeAsync(page));
        Assert.True(source.Entered.Wait(TimeSpan.FromSeconds(30)));
        // Called directly, each scrape runs up to the build lock before it returns, so all four are waiting when the
        // build ends (on Task.Run, a busy machine could start one after the build, and it would rightly build again).
        var waiting = Enumerable.Range(0, 4).Select(_ => ScrapeAsync(page)).ToList();
        source.Release.Set();
        var pages = await Task.WhenAll([first, .. waiting]);

        Assert.Equal(1, source.Writes);
        Assert.All(pages, p => Assert.Same(pages[0], p));
        Assert.Equal(1, page.Stats.Misses);
        Assert.Equal(4, page.Stats.Hits);
    }

    [Fact]
    public async Task Sources_WriteTheirFamiliesAfterTheInstruments_AndThePagePassesPromtool()
    {
        using var meters = new TestMeters();
        var meter = meters.Meter();
        meter.CreateCounter<long>("vigil.pings", "{ping}", "Pings").Add(1, new KeyValuePair<string, object?>("kind", "success"));
        meter.CreateHistogram<double>("vigil.check.duration", "s", "Check time").Record(0.2, new KeyValuePair<string, object?>("type", "http"));
        meter.CreateUpDownCounter<long>("vigil.http.server.active_requests", "{request}").Add(1);
        var page = meters.Page(new FakeTimeProvider(Epoch), TimeSpan.Zero, new OneFamilySource());

        await TextAsync(page);
        var text = await TextAsync(page);

        Assert.EndsWith("# TYPE vigil_monitor_up gauge\nvigil_monitor_up{monitor=\"00000001-0000-0000-0000-000000000000\",slug=\"a\"} 1\n", text);
        await Promtool.AssertValidAsync(text);
    }

    [Fact]
    public async Task APageStillBeingWritten_KeepsItsBytes_WhenANewerPageReplacesIt()
    {
        using var meters = new TestMeters();
        var counter = meters.Meter().CreateCounter<long>("vigil.c");
        var page = meters.Page(new FakeTimeProvider(Epoch), TimeSpan.Zero);

        counter.Add(1);
        using var slow = await page.GetAsync(ExpositionFormat.PrometheusText, gzip: false);
        var before = slow.Bytes.ToArray();
        for (var i = 0; i < 5; i++)
        {
            counter.Add(1000);
            using var _ = await page.GetAsync(ExpositionFormat.PrometheusText, gzip: false);
        }

        Assert.Equal(before, slow.Bytes.ToArray());
        Assert.Contains("vigil_c_total 1\n", Encoding.UTF8.GetString(before));
    }

    private static async Task<PageContent> ScrapeAsync(MetricsPage page)
    {
        using var lease = await page.GetAsync(ExpositionFormat.PrometheusText, gzip: false);
        return lease.Page;
    }

    private static async Task<string> TextAsync(MetricsPage page)
    {
        using var lease = await page.GetAsync(ExpositionFormat.PrometheusText, gzip: false);
        return Cached.GetValue(lease.Page, static c => Encoding.UTF8.GetString(c.Bytes.Span));
    }

    // The same PageContent decodes to the same string instance, so tests can tell a cached page by reference.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PageContent, string> Cached = [];

    private sealed class OneFamilySource : IMetricsSource
    {
        public void Write(MetricsWriter writer)
        {
            writer.Family("vigil_monitor_up", MetricType.Gauge, "Up");
            writer.BeginSample();
            writer.Label("monitor", new Guid(1, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]));
            writer.Label("slug", "a");
            writer.EndSample(1L);
        }
    }

    private sealed class BlockingSource : IMetricsSource, IDisposable
    {
        private int _writes;
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Release { get; } = new();
        public int Writes => Volatile.Read(ref _writes);

        public void Write(MetricsWriter writer)
        {
            Interlocked.Increment(ref _writes);
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
        }

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }
}
