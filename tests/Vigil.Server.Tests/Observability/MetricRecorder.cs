using System.Diagnostics.Metrics;

namespace Vigil.Server.Tests.Observability;

/// <summary>Records the measurements of one instrument of one host's meters (a tiny MeterListener: the testing
/// package's MetricCollector is not in the local package copy).</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(double Value, Dictionary<string, object?> Tags)> _measurements = [];

    public MetricRecorder(object meterScope, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterScope) && instrument.Name == instrumentName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, _) => Add(value, tags));
        _listener.Start();
    }

    /// <summary>Measurements so far; observable instruments are read first.</summary>
    public List<(double Value, Dictionary<string, object?> Tags)> Read()
    {
        _listener.RecordObservableInstruments();
        lock (_measurements)
            return [.. _measurements];
    }

    public void Clear()
    {
        lock (_measurements)
            _measurements.Clear();
    }

    public void Dispose() => _listener.Dispose();

    private void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
            copy[tag.Key] = tag.Value;
        lock (_measurements)
            _measurements.Add((value, copy));
    }
}
