using System.Buffers;

namespace Vigil.Checks.Probes.Http;

/// <summary>A response body read into a pooled buffer, or the fact that it was over the limit. Dispose returns the buffer.</summary>
internal readonly struct ResponseBody : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly byte[]? _buffer;

    private ResponseBody(byte[]? buffer, int length, bool tooLarge)
    {
        _buffer = buffer;
        Length = length;
        TooLarge = tooLarge;
    }

    public int Length { get; }

    /// <summary>The body had more than the limit; nothing of it is kept.</summary>
    public bool TooLarge { get; }

    public ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    public void Dispose()
    {
        if (_buffer is not null)
            ArrayPool<byte>.Shared.Return(_buffer);
    }

    /// <summary>Reads the whole body, up to <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<ResponseBody> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
            return new ResponseBody(null, 0, tooLarge: true);
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        // One byte over a declared length lets the loop see the end without growing the buffer.
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } size ? (int)size + 1 : Math.Min(InitialBufferSize, maxBytes + 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                    buffer = Grow(buffer, maxBytes);
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    return new ResponseBody(buffer, length, tooLarge: false);
                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return new ResponseBody(null, 0, tooLarge: true);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Reads and discards the body so the connection can serve the next check, and so the total time includes it.
    /// Past <paramref name="maxBytes"/> it stops: the response's disposal then closes the connection.
    /// </summary>
    public static async ValueTask DrainAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength == 0)
            return;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            long total = 0;
            int read;
            while (total <= maxBytes && (read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                total += read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int maxBytes)
    {
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
        buffer.AsSpan().CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
