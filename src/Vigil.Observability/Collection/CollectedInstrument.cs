using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Vigil.Observability.Collection;

/// <summary>
/// One instrument as the page shows it: its Prometheus name, type, help and unit, and its series by tag set.
/// Recording finds (or, the first time, adds) the series' cell and updates it in place.
/// </summary>
public sealed class CollectedInstrument
{
    /// <summary>Bucket bounds for histograms in seconds that give no advice.</summary>
    public static readonly double[] DefaultSecondsBounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>OpenTelemetry's default bounds, for histograms in other units that give no advice.</summary>
    public static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    // The runtime publishes these as observable counters although they go down (the conventions call them
    // up-down counters); as gauges they keep the names the spec promises, without _total.
    private static readonly HashSet<string> RuntimeGauges = new(StringComparer.Ordinal) { "dotnet.thread_pool.queue.length", "dotnet.thread_pool.thread.count" };

    private readonly ConcurrentDictionary<TagSet, Cell> _series = new();
    private readonly Func<TagSet, Cell> _newCell;
    private readonly double[] _bounds;

    internal CollectedInstrument(Instrument instrument)
    {
        Instrument = instrument;
        Type = TypeOf(instrument);
        IsObservable = instrument.IsObservable;
        // Synchronous gauges keep the last value set; everything else that is not a histogram adds up.
        SetsValue = IsObservable || instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Gauge<>);
        Name = PrometheusNames.MetricName(instrument.Name, instrument.Unit, Type == MetricType.Counter);
        Unit = PrometheusNames.UnitWord(instrument.Unit) is { } word && Name.EndsWith("_" + word, StringComparison.Ordinal) ? word : null;
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        _bounds = Type == MetricType.Histogram ? BoundsOf(instrument) : [];
        _newCell = Type == MetricType.Histogram ? _ => new HistogramCell(_bounds) : _ => new ValueCell();
    }

    public Instrument Instrument { get; }
    public string Name { get; }
    public MetricType Type { get; }
    public string Help { get; }

    /// <summary>"seconds" or "bytes" when the name carries that unit (OpenMetrics' # UNIT), else null.</summary>
    public string? Unit { get; }

    public bool IsObservable { get; }
    private bool SetsValue { get; }

    // The collection in progress: observable callbacks stamp the cells they report.
    internal long Generation;

    public int SeriesCount => _series.Count;

    public IEnumerable<KeyValuePair<TagSet, Cell>> Series => _series;

    internal void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.GetOrAdd(new TagSet(tags), _newCell);
        switch (cell)
        {
            case HistogramCell histogram:
                histogram.Record(value);
                break;
            case ValueCell sum when SetsValue:
                if (IsObservable && cell.Generation == Generation)
                    sum.Add(value); // the same tag set twice in one observation: report their sum
                else
                    sum.Set(value);
                break;
            case ValueCell sum:
                sum.Add(value);
                break;
        }
        if (IsObservable)
            cell.Generation = Generation;
    }

    internal void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.GetOrAdd(new TagSet(tags), _newCell);
        switch (cell)
        {
            case HistogramCell histogram:
                histogram.Record(value);
                break;
            case ValueCell sum when SetsValue:
                if (IsObservable && cell.Generation == Generation)
                    sum.Add(value);
                else
                    sum.Set(value);
                break;
            case ValueCell sum:
                sum.Add(value);
                break;
        }
        if (IsObservable)
            cell.Generation = Generation;
    }

    /// <summary>After an observation: drops the series the callbacks no longer report.</summary>
    internal void RemoveUnobserved()
    {
        foreach (var (key, cell) in _series)
            if (cell.Generation != Generation)
                _series.TryRemove(new KeyValuePair<TagSet, Cell>(key, cell));
    }

    private static MetricType TypeOf(Instrument instrument)
    {
        if (RuntimeGauges.Contains(instrument.Name) && instrument.Meter.Name == "System.Runtime")
            return MetricType.Gauge;
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
            return MetricType.Counter;
        if (definition == typeof(Histogram<>))
            return MetricType.Histogram;
        return MetricType.Gauge;
    }

    private static double[] BoundsOf(Instrument instrument)
    {
        var advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<short> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<byte> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 })
        {
            Array.Sort(advised);
            return advised;
        }
        return instrument.Unit == "s" ? DefaultSecondsBounds : DefaultBounds;
    }
}
