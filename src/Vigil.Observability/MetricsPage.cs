using System.Diagnostics.Metrics;
using System.IO.Compression;
using Vigil.Core.Caching;
using Vigil.Observability.Collection;
using Vigil.Observability.Exposition;

namespace Vigil.Observability;

/// <summary>
/// The /metrics page, serialized and cached per format (and gzipped on first demand), rebuilt lazily by a scrape
/// at most once per refresh interval. One build at a time: scrapes that arrive during a build wait for it and
/// take its result, so concurrent scrapes never build twice. The cache holds at most four pages (two formats,
/// plain and gzipped) and is reported as the "metrics_page" cache.
/// </summary>
public sealed class MetricsPage
{
    private readonly MetricsCollector _collector;
    private readonly IReadOnlyList<IMetricsSource> _sources;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;
    private readonly Histogram<double> _buildDuration;
    private readonly SemaphoreSlim _build = new(1, 1);
    private readonly InstrumentFamilyWriter _families = new();
    private readonly Slot[] _slots = [new(ExpositionFormat.PrometheusText), new(ExpositionFormat.OpenMetrics)];

    public MetricsPage(MetricsCollector collector, IEnumerable<IMetricsSource> sources, TimeProvider time, TimeSpan refreshInterval, CacheStats stats, Meter meter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(refreshInterval, TimeSpan.Zero);
        _collector = collector;
        _sources = [.. sources];
        _time = time;
        _refresh = refreshInterval;
        Stats = stats;
        _buildDuration = meter.CreateHistogram<double>("vigil.metrics.page.build.duration", "s", "Time to collect the instruments and serialize one /metrics page");
    }

    public CacheStats Stats { get; }

    /// <summary>The page in <paramref name="format"/>, gzipped when asked; at most one refresh interval old.</summary>
    public async ValueTask<PageContent> GetAsync(ExpositionFormat format, bool gzip, CancellationToken cancellation = default)
    {
        var slot = _slots[(int)format];
        var page = Volatile.Read(ref slot.Page);
        if (page is not null && Fresh(page))
        {
            Stats.Hit();
            return gzip ? await GzippedAsync(page, cancellation) : page;
        }
        var builtBefore = Volatile.Read(ref slot.Builds);
        await _build.WaitAsync(cancellation);
        try
        {
            page = slot.Page;
            // A build finished while this scrape waited: take it, even with a zero interval.
            if (page is not null && (slot.Builds != builtBefore || Fresh(page)))
                Stats.Hit();
            else
            {
                Stats.Miss();
                page = Build(slot);
            }
            if (gzip)
                page = page.Gzipped ??= Compress(page);
            UpdateSize();
            return page;
        }
        finally
        {
            _build.Release();
        }
    }

    private bool Fresh(PageContent page) => _time.GetUtcNow() - page.BuiltAt < _refresh;

    private async ValueTask<PageContent> GzippedAsync(PageContent page, CancellationToken cancellation)
    {
        if (page.Gzipped is { } done)
            return done;
        await _build.WaitAsync(cancellation);
        try
        {
            page.Gzipped ??= Compress(page);
            UpdateSize();
            return page.Gzipped;
        }
        finally
        {
            _build.Release();
        }
    }

    private PageContent Build(Slot slot)
    {
        var started = _time.GetTimestamp();
        var writer = slot.Writer;
        writer.Reset();
        _families.Write(writer, _collector.Collect());
        foreach (var source in _sources)
            source.Write(writer);
        writer.End();
        var page = new PageContent(writer.Written.ToArray(), _time.GetUtcNow(), gzipped: false);
        Volatile.Write(ref slot.Page, page);
        slot.Builds++;
        _buildDuration.Record(_time.GetElapsedTime(started).TotalSeconds);
        return page;
    }

    private static PageContent Compress(PageContent page)
    {
        using var output = new MemoryStream(page.Bytes.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(page.Bytes);
        return new PageContent(output.ToArray(), page.BuiltAt, gzipped: true);
    }

    private void UpdateSize()
    {
        long entries = 0, bytes = 0;
        foreach (var slot in _slots)
        {
            if (slot.Page is not { } page)
                continue;
            entries++;
            bytes += page.Bytes.Length;
            if (page.Gzipped is { } gz)
            {
                entries++;
                bytes += gz.Bytes.Length;
            }
        }
        Stats.Sized(entries, bytes);
    }

    private sealed class Slot(ExpositionFormat format)
    {
        public readonly MetricsWriter Writer = new(format);
        public PageContent? Page;
        public long Builds;
    }
}

/// <summary>One serialized page: its bytes (gzip-compressed when <see cref="IsGzipped"/>) and when it was built.</summary>
public sealed class PageContent(byte[] bytes, DateTimeOffset builtAt, bool gzipped)
{
    public byte[] Bytes { get; } = bytes;
    public DateTimeOffset BuiltAt { get; } = builtAt;
    public bool IsGzipped { get; } = gzipped;

    // The gzipped copy of a plain page, made on first demand under the page's build lock.
    internal PageContent? Gzipped;
}
