using System.Buffers.Binary;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// The latency histogram of a rollup row: a count per fixed, log-spaced bucket, stored as little-endian uint32s.
/// The bounds are part of the stored format: never change them, add a new column instead.
/// </summary>
internal static class LatencyHistogram
{
    /// <summary>Upper bounds (inclusive, µs) of every bucket but the last, which holds everything slower than 10 s.</summary>
    public static readonly long[] UpperBoundsUs =
        [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000];

    public const int Buckets = 14;

    public const int BlobLength = Buckets * sizeof(uint);

    public static int BucketOf(long latencyUs)
    {
        var bounds = UpperBoundsUs;
        for (var i = 0; i < bounds.Length; i++)
            if (latencyUs <= bounds[i])
                return i;
        return Buckets - 1;
    }

    public static void Write(ReadOnlySpan<uint> counts, Span<byte> blob)
    {
        for (var i = 0; i < Buckets; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(blob[(i * sizeof(uint))..], counts[i]);
    }

    /// <summary>The element-wise sum of two stored histograms (the writer connection's vigil_histogram_add).</summary>
    public static byte[] Add(byte[] stored, byte[] added)
    {
        var sum = new byte[Math.Max(stored.Length, added.Length)];
        for (var offset = 0; offset + sizeof(uint) <= sum.Length; offset += sizeof(uint))
            BinaryPrimitives.WriteUInt32LittleEndian(sum.AsSpan(offset), CountAt(stored, offset) + CountAt(added, offset));
        return sum;
    }

    /// <summary>
    /// Estimates the <paramref name="quantile"/> (0..1) of the latencies counted in <paramref name="blob"/>: finds the
    /// bucket holding that rank and interpolates linearly between the bucket's bounds, as if its runs were spread
    /// evenly across it. The first bucket starts at 0; the open last bucket ends at the observed maximum, and no
    /// estimate exceeds that maximum. Null when nothing was counted.
    /// </summary>
    public static TimeSpan? Quantile(ReadOnlySpan<byte> blob, double quantile, long maxUs)
    {
        long total = 0;
        for (var offset = 0; offset + sizeof(uint) <= blob.Length; offset += sizeof(uint))
            total += BinaryPrimitives.ReadUInt32LittleEndian(blob[offset..]);
        if (total == 0)
            return null;
        var rank = quantile * total;
        long below = 0;
        for (var i = 0; i < Buckets; i++)
        {
            long count = (i + 1) * sizeof(uint) <= blob.Length ? BinaryPrimitives.ReadUInt32LittleEndian(blob[(i * sizeof(uint))..]) : 0;
            if (count == 0 || below + count < rank)
            {
                below += count;
                continue;
            }
            var lower = i == 0 ? 0 : UpperBoundsUs[i - 1];
            var upper = i < UpperBoundsUs.Length ? UpperBoundsUs[i] : Math.Max(maxUs, lower);
            var estimate = lower + (upper - lower) * Math.Max(0, rank - below) / count;
            return Microseconds(Math.Min((long)Math.Round(estimate), maxUs));
        }
        return Microseconds(maxUs);
    }

    public static TimeSpan Microseconds(long us) => TimeSpan.FromTicks(us * TimeSpan.TicksPerMicrosecond);

    public static long ToMicroseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    private static uint CountAt(byte[] blob, int offset) =>
        offset + sizeof(uint) <= blob.Length ? BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(offset)) : 0;
}
