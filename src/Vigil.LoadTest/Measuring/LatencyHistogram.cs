using System.Numerics;

namespace Vigil.LoadTest.Measuring;

/// <summary>
/// A high-dynamic-range histogram of nanosecond values in the spirit of HdrHistogram (not available here):
/// log-linear buckets, 2^<c>subBits</c> per power of two, so every value is kept within 1 / 2^(subBits+1) of itself
/// (0.4 % with the default 7) from 1 ns to about an hour, in a fixed array. Recording is one increment
/// (thread-safe, no allocation); percentiles walk the array.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Values above this (about 73 minutes) are recorded as this.</summary>
    public const long MaxValueNs = 1L << 42;

    private readonly int _subBits;
    private readonly long[] _counts;
    private long _count;
    private long _sum;
    private long _max;
    private long _min = long.MaxValue;

    public LatencyHistogram(int subBits = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subBits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subBits, 12);
        _subBits = subBits;
        _counts = new long[IndexOf(MaxValueNs) + 1];
    }

    public int SubBits => _subBits;
    public long Count => Volatile.Read(ref _count);
    public long MaxNs => Count == 0 ? 0 : Volatile.Read(ref _max);
    public long MinNs => Count == 0 ? 0 : Volatile.Read(ref _min);
    public double MeanNs => Count == 0 ? 0 : (double)Volatile.Read(ref _sum) / Count;

    public void Record(long valueNs)
    {
        var value = Math.Clamp(valueNs, 0, MaxValueNs);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        long seen;
        while (value > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, seen) != seen)
        {
        }
        while (value < (seen = Volatile.Read(ref _min)) && Interlocked.CompareExchange(ref _min, value, seen) != seen)
        {
        }
    }

    /// <summary>The value below which <paramref name="percentile"/> % of the recorded values fall (0 when empty).</summary>
    public long ValueAtPercentile(double percentile)
    {
        var count = Count;
        if (count == 0)
            return 0;
        if (percentile >= 100)
            return MaxNs;
        // The rank of the value asked for, 1-based, as exact percentiles on a sorted array define it.
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
                return Math.Clamp(Middle(i), MinNs, MaxNs);
        }
        return MaxNs;
    }

    /// <summary>Adds every value of <paramref name="other"/>, which must have the same precision.</summary>
    public void Add(LatencyHistogram other)
    {
        if (other._subBits != _subBits)
            throw new ArgumentException("histograms of different precision", nameof(other));
        if (other.Count == 0)
            return;
        for (var i = 0; i < _counts.Length; i++)
            if (other._counts[i] != 0)
                Interlocked.Add(ref _counts[i], other._counts[i]);
        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sum, Volatile.Read(ref other._sum));
        if (other.MaxNs > _max)
            _max = other.MaxNs;
        if (other.MinNs < _min)
            _min = other.MinNs;
    }

    /// <summary>The non-empty buckets, lowest first, as (lowest value, highest value, count).</summary>
    public IEnumerable<(long LowNs, long HighNs, long Count)> Buckets()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var n = Volatile.Read(ref _counts[i]);
            if (n != 0)
                yield return (Lowest(i), Highest(i), n);
        }
    }

    // Below 2^(subBits+1) every value has its own bucket; above it each power of two is split into 2^subBits.
    private int IndexOf(long value)
    {
        var shift = Math.Max(0, 63 - BitOperations.LeadingZeroCount((ulong)value | 1) - _subBits);
        return (shift << _subBits) + (int)(value >> shift);
    }

    private long Lowest(int index)
    {
        var sub = 1 << _subBits;
        if (index < 2 * sub)
            return index;
        var shift = (index >> _subBits) - 1;
        return (long)(index - (shift << _subBits)) << shift;
    }

    private long Highest(int index) => Lowest(index + 1) - 1;

    private long Middle(int index) => (Lowest(index) + Highest(index)) / 2;
}
