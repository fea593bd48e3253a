using System.Buffers;
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
/// plain and gzipped), in pooled buffers reused once no scrape still writes them, and is reported as the
/// "metrics_page" cache.
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
    // Page buffers: at most 4 kept per size class; pages past 256 MiB are plain allocations.
    private readonly ArrayPool<byte> _buffers = ArrayPool<byte>.Create(256 * 1024 * 1024, 4);
    private readonly Action<byte[]> _returnBuffer;
    // Kept between builds (it grows to the largest gzipped page) so compressing allocates no output buffer.
    private readonly MemoryStream _gzipScratch = new();

    public MetricsPage(MetricsCollector collector, IEnumerable<IMetricsSource> sources, TimeProvider time, TimeSpan refreshInterval, CacheStats stats, Meter meter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(refreshInterval, TimeSpan.Zero);
        _collector = collector;
        _sources = [.. sources];
        _time = time;
        _refresh = refreshInterval;
        Stats = stats;
        _returnBuffer = buffer => _buffers.Return(buffer);
        _buildDuration = meter.CreateHistogram<double>("vigil.metrics.page.build.duration", "s", "Time to collect the instruments and serialize one /metrics page");
    }

    public CacheStats Stats { get; }

    /// <summary>
    /// The page in <paramref name="format"/>, gzipped when asked; at most one refresh interval old. Dispose the
    /// lease once its bytes are written.
    /// </summary>
    public async ValueTask<PageLease> GetAsync(ExpositionFormat format, bool gzip, CancellationToken cancellation = default)
    {
        var slot = _slots[(int)format];
        var cached = Volatile.Read(ref slot.Page);
        if (cached is not null && Fresh(cached) && (gzip ? Volatile.Read(ref cached.Gzipped) : cached) is { } ready && ready.TryAcquire())
        {
            Stats.Hit();
            return new PageLease(ready);
        }
        var builtBefore = Volatile.Read(ref slot.Builds);
        await _build.WaitAsync(cancellation);
        try
        {
            var page = slot.Page;
            // A build finished while this scrape waited: take it, even with a zero interval.
            if (page is not null && (slot.Builds != builtBefore || Fresh(page)))
                Stats.Hit();
            else
            {
                Stats.Miss();
                page = Build(slot);
            }
            if (gzip && page.Gzipped is null)
                Volatile.Write(ref page.Gzipped, Compress(page));
            UpdateSize();
            // The cache's reference keeps both alive while the lock is held, so this cannot fail.
            var result = gzip ? page.Gzipped! : page;
            return result.TryAcquire() ? new PageLease(result) : throw new InvalidOperationException("a cached page was released while cached");
        }
        finally
        {
            _build.Release();
        }
    }

    private bool Fresh(PageContent page) => _time.GetUtcNow() - page.BuiltAt < _refresh;

    private PageContent Build(Slot slot)
    {
        var started = _time.GetTimestamp();
        var writer = slot.Writer;
        writer.Reset();
        _families.Write(writer, _collector.Collect());
        foreach (var source in _sources)
            source.Write(writer);
        writer.End();
        var page = Pooled(writer.Written, _time.GetUtcNow(), gzipped: false);
        var previous = slot.Page;
        Volatile.Write(ref slot.Page, page);
        previous?.Release(); // the cache's reference: the buffer is reused once no scrape is still writing it
        slot.Builds++;
        _buildDuration.Record(_time.GetElapsedTime(started).TotalSeconds);
        return page;
    }

    private PageContent Compress(PageContent page)
    {
        _gzipScratch.SetLength(0);
        using (var gzip = new GZipStream(_gzipScratch, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(page.Bytes.Span);
        return Pooled(_gzipScratch.GetBuffer().AsSpan(0, (int)_gzipScratch.Length), page.BuiltAt, gzipped: true);
    }

    private PageContent Pooled(ReadOnlySpan<byte> bytes, DateTimeOffset builtAt, bool gzipped)
    {
        var buffer = _buffers.Rent(bytes.Length);
        bytes.CopyTo(buffer);
        return new PageContent(buffer, bytes.Length, builtAt, gzipped, _returnBuffer);
    }

    private void UpdateSize()
    {
        long entries = 0, bytes = 0;
        foreach (var slot in _slots)
        {
            if (slot.Page is not { } page)
                continue;
            entries++;
            bytes += page.Length;
            if (page.Gzipped is { } gz)
            {
                entries++;
                bytes += gz.Length;
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
