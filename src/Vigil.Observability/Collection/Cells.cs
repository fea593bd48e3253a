namespace Vigil.Observability.Collection;

/// <summary>One series' aggregate. <see cref="Generation"/> is the collection that last observed it (observable instruments).</summary>
public abstract class Cell
{
    internal long Generation;
}

/// <summary>
/// A counter's sum or a gauge's value. Integer measurements add with one interlocked instruction; double ones with
/// a compare-and-swap loop. The value is the two parts together.
/// </summary>
public sealed class ValueCell : Cell
{
    private long _long;
    private double _double;

    public long LongPart => Interlocked.Read(ref _long);
    public double DoublePart => Volatile.Read(ref _double);

    /// <summary>True when only integers were recorded, so the value prints exactly.</summary>
    public bool IsInteger => DoublePart == 0;

    public double Value => LongPart + DoublePart;

    public void Add(long value) => Interlocked.Add(ref _long, value);

    public void Add(double value)
    {
        var current = Volatile.Read(ref _double);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _double, current + value, current);
            if (seen.Equals(current))
                return;
            current = seen;
        }
    }

    public void Set(long value)
    {
        Volatile.Write(ref _double, 0);
        Interlocked.Exchange(ref _long, value);
    }

    public void Set(double value)
    {
        Interlocked.Exchange(ref _long, 0);
        Volatile.Write(ref _double, value);
    }
}

/// <summary>
/// A histogram's bucket counts (not cumulative; the writer sums them), count and sum. Bucket i counts values at most
/// <c>Bounds[i]</c>; the last bucket is +Inf.
/// </summary>
public sealed class HistogramCell(double[] bounds) : Cell
{
    private readonly long[] _buckets = new long[bounds.Length + 1];
    private long _count;
    private double _sum;

    public IReadOnlyList<double> Bounds => bounds;
    public long Count => Interlocked.Read(ref _count);
    public double Sum => Volatile.Read(ref _sum);

    public long BucketCount(int index) => Interlocked.Read(ref _buckets[index]);

    public void Record(double value)
    {
        var index = Array.BinarySearch(bounds, value);
        if (index < 0)
            index = ~index;
        Interlocked.Increment(ref _buckets[index]);
        var current = Volatile.Read(ref _sum);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _sum, current + value, current);
            if (seen.Equals(current))
                break;
            current = seen;
        }
        Interlocked.Increment(ref _count);
    }
}
