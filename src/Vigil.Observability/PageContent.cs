namespace Vigil.Observability;

/// <summary>
/// One serialized page in a pooled buffer, reference-counted: the cache holds one reference, each scrape that is
/// writing it out holds another, and the buffer goes back to the pool when the last is released. This is what lets
/// a page of megabytes be rebuilt every second without a large-object allocation (and a gen-2 GC) per build.
/// </summary>
public sealed class PageContent
{
    private readonly Action<byte[]> _return;
    private byte[]? _buffer;
    private int _references = 1; // the cache's

    internal PageContent(byte[] buffer, int length, DateTimeOffset builtAt, bool gzipped, Action<byte[]> returnBuffer)
    {
        _buffer = buffer;
        Length = length;
        BuiltAt = builtAt;
        IsGzipped = gzipped;
        _return = returnBuffer;
    }

    public int Length { get; }
    public DateTimeOffset BuiltAt { get; }
    public bool IsGzipped { get; }

    /// <summary>The bytes; valid while the caller holds a reference (a <see cref="PageLease"/>).</summary>
    public ReadOnlyMemory<byte> Bytes => (Volatile.Read(ref _buffer) ?? throw new ObjectDisposedException(nameof(PageContent))).AsMemory(0, Length);

    // The gzipped copy of a plain page, made on first demand under the page's build lock; the plain page holds its cache reference.
    internal PageContent? Gzipped;

    /// <summary>Takes a reference unless the page was already given back.</summary>
    internal bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
                return true;
            current = seen;
        }
        return false;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
            return;
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            _return(buffer);
        Gzipped?.Release();
    }
}

/// <summary>A scrape's hold on a page: dispose it once the bytes are written out.</summary>
public readonly struct PageLease : IDisposable
{
    internal PageLease(PageContent page) => Page = page;

    internal PageContent Page { get; }

    public ReadOnlyMemory<byte> Bytes => Page.Bytes;
    public bool IsGzipped => Page.IsGzipped;
    public DateTimeOffset BuiltAt => Page.BuiltAt;

    public void Dispose() => Page?.Release();
}
