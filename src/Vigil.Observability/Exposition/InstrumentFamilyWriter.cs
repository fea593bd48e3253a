using Vigil.Observability.Collection;

namespace Vigil.Observability.Exposition;

/// <summary>
/// Writes collected instruments as families, in name order with their series in label order, so that the same
/// state always makes the same page. Instruments that share a name and type (the same instrument on two meters)
/// share one family; a later one of another type is left out rather than break the page. An instrument with no
/// series yet (nothing recorded) writes nothing.
/// </summary>
public sealed class InstrumentFamilyWriter
{
    private readonly List<KeyValuePair<TagSet, Cell>> _series = [];

    public void Write(MetricsWriter writer, IReadOnlyList<CollectedInstrument> instruments)
    {
        for (var i = 0; i < instruments.Count; i++)
        {
            var instrument = instruments[i];
            var first = i == 0 || instruments[i - 1].Name != instrument.Name;
            if (!first)
            {
                var previous = FirstNamed(instruments, i);
                if (previous.Type != instrument.Type)
                    continue;
            }
            _series.Clear();
            _series.AddRange(instrument.Series);
            if (_series.Count == 0)
                continue;
            if (first || !WroteFamily(instruments, i))
                writer.Family(instrument.Name, instrument.Type, instrument.Help, instrument.Unit);
            _series.Sort(static (a, b) => Compare(a.Key, b.Key));
            foreach (var (tags, cell) in _series)
                WriteSeries(writer, tags, cell);
        }
        _series.Clear();
    }

    // A same-named instrument before this one wrote the header only if it had series.
    private static bool WroteFamily(IReadOnlyList<CollectedInstrument> instruments, int index)
    {
        for (var j = index - 1; j >= 0 && instruments[j].Name == instruments[index].Name; j--)
            if (instruments[j].Type == instruments[index].Type && instruments[j].SeriesCount > 0)
                return true;
        return false;
    }

    private static CollectedInstrument FirstNamed(IReadOnlyList<CollectedInstrument> instruments, int index)
    {
        while (index > 0 && instruments[index - 1].Name == instruments[index].Name)
            index--;
        return instruments[index];
    }

    private static void WriteSeries(MetricsWriter writer, TagSet tags, Cell cell)
    {
        switch (cell)
        {
            case ValueCell value:
                writer.BeginSample();
                Labels(writer, tags);
                if (value.IsInteger)
                    writer.EndSample(value.LongPart);
                else
                    writer.EndSample(value.Value);
                break;
            case HistogramCell histogram:
                WriteHistogram(writer, tags, histogram);
                break;
        }
    }

    private static void WriteHistogram(MetricsWriter writer, TagSet tags, HistogramCell histogram)
    {
        // Read the buckets first and derive the count from them, so +Inf and _count agree on a live histogram.
        var bounds = histogram.Bounds;
        long cumulative = 0;
        for (var b = 0; b <= bounds.Count; b++)
        {
            cumulative += histogram.BucketCount(b);
            writer.BeginSample("_bucket");
            Labels(writer, tags);
            writer.BucketLabel(b < bounds.Count ? bounds[b] : double.PositiveInfinity);
            writer.EndSample(cumulative);
        }
        writer.BeginSample("_sum");
        Labels(writer, tags);
        writer.EndSample(histogram.Sum);
        writer.BeginSample("_count");
        Labels(writer, tags);
        writer.EndSample(cumulative);
    }

    private static void Labels(MetricsWriter writer, TagSet tags)
    {
        for (var t = 0; t < tags.Count; t++)
            writer.Label(PrometheusNames.LabelName(tags[t].Key), TagSet.Text(tags[t].Value));
    }

    private static int Compare(TagSet a, TagSet b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var byKey = string.CompareOrdinal(a[i].Key, b[i].Key);
            if (byKey != 0)
                return byKey;
            var byValue = string.CompareOrdinal(TagSet.Text(a[i].Value), TagSet.Text(b[i].Value));
            if (byValue != 0)
                return byValue;
        }
        return a.Count.CompareTo(b.Count);
    }
}
