using System.Buffers;

namespace Vigil.Server.Endpoints;

/// <summary>
/// A request body read whole into a buffer rented from the shared pool, returned on dispose. A batch body is tens
/// of kilobytes per request; a MemoryStream, a read chunk and the final copy allocated about four times that.
/// Whatever parsed <see cref="Memory"/> (a JsonDocument keeps a reference to it) must be disposed first.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    private byte[] _buffer;

    private PooledBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>The whole body, or null once it passes <paramref name="maxBytes"/> (nothing is kept then).</summary>
    public static async Task<PooledBody?> ReadAsync(Stream source, long? contentLength, long maxBytes, CancellationToken cancel)
    {
        // Room for one byte past the declared length, so the read that finds the end needs no bigger buffer;
        // a body of unknown length starts small and doubles.
        var body = new PooledBody((int)Math.Min(Math.Max((contentLength ?? 0) + 1, 16 * 1024), Math.Min(maxBytes + 1, 4 << 20)));
        try
        {
            int read;
            while ((read = await body.Read(source, cancel)) > 0)
            {
                body.Length += read;
                if (body.Length > maxBytes)
                {
                    body.Dispose();
                    return null;
                }
            }
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private ValueTask<int> Read(Stream source, CancellationToken cancel)
    {
        if (Length == _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(_buffer.Length * 2L, Array.MaxLength));
            _buffer.AsSpan(0, Length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }
        return source.ReadAsync(_buffer.AsMemory(Length), cancel);
    }
}
