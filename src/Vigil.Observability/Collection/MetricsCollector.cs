using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Vigil.Observability.Collection;

/// <summary>
/// Listens to this host's Vigil instruments (meters whose <see cref="Meter.Scope"/> is the given scope,
/// the host's IMeterFactory, and whose name starts with "Vigil") and to process-wide meters by name
/// ("System.Runtime"), and keeps their series in memory for the page. Scoping matters because tests run many hosts
/// in one process: each page shows its own host's instruments. Dispose detaches.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    public const string VigilMeterPrefix = "Vigil";

    private readonly object? _scope;
    private readonly HashSet<string> _globalMeters;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, CollectedInstrument> _instruments = new();
    private readonly List<CollectedInstrument> _sorted = [];
    private readonly Lock _collecting = new();
    private long _generation;
    private long _observeErrors;

    public MetricsCollector(object? scope, IEnumerable<string>? globalMeters = null)
    {
        _scope = scope;
        _globalMeters = new HashSet<string>(globalMeters ?? ["System.Runtime"], StringComparer.Ordinal);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (!Wants(instrument.Meter))
                    return;
                var collected = _instruments.GetOrAdd(instrument, static i => new CollectedInstrument(i));
                listener.EnableMeasurementEvents(instrument, collected);
            },
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out CollectedInstrument? _),
        };
        // One static callback per measurement type; the state is the instrument's CollectedInstrument.
        _listener.SetMeasurementEventCallback<long>(static (_, v, tags, state) => ((CollectedInstrument)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, v, tags, state) => ((CollectedInstrument)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, v, tags, state) => ((CollectedInstrument)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, v, tags, state) => ((CollectedInstrument)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, v, tags, state) => ((CollectedInstrument)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, v, tags, state) => ((CollectedInstrument)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, v, tags, state) => ((CollectedInstrument)state!).Record((double)v, tags));
        _listener.Start();
    }

    /// <summary>Collections in which an observable instrument's callback threw (the rest of the page was still built).</summary>
    public long ObserveErrors => Interlocked.Read(ref _observeErrors);

    public Exception? LastObserveError { get; private set; }

    /// <summary>How many instruments the collector listens to.</summary>
    public int InstrumentCount => _instruments.Count;

    /// <summary>
    /// Asks the observable instruments for their values (series they no longer report disappear) and returns
    /// every instrument sorted by name. The list is reused by the next call: use it before calling again.
    /// </summary>
    public IReadOnlyList<CollectedInstrument> Collect()
    {
        lock (_collecting)
        {
            var generation = ++_generation;
            foreach (var instrument in _instruments.Values)
                if (instrument.IsObservable)
                    instrument.Generation = generation;
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception error)
            {
                // A throwing callback must not take the whole page down: its series vanish, the others stay.
                Interlocked.Increment(ref _observeErrors);
                LastObserveError = error;
            }
            _sorted.Clear();
            foreach (var instrument in _instruments.Values)
            {
                if (instrument.IsObservable)
                    instrument.RemoveUnobserved();
                _sorted.Add(instrument);
            }
            _sorted.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name) is var byName and not 0
                ? byName
                : string.CompareOrdinal(a.Instrument.Meter.Name, b.Instrument.Meter.Name));
            return _sorted;
        }
    }

    public void Dispose() => _listener.Dispose();

    private bool Wants(Meter meter) =>
        (_scope is not null && ReferenceEquals(meter.Scope, _scope) && meter.Name.StartsWith(VigilMeterPrefix, StringComparison.Ordinal))
        || _globalMeters.Contains(meter.Name);
}
