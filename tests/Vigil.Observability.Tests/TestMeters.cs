using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Caching;
using Vigil.Observability.Collection;
using Vigil.Observability.Exposition;

namespace Vigil.Observability.Tests;

/// <summary>A scope object standing in for a host's IMeterFactory, with meters in it and a collector on it.</summary>
public sealed class TestMeters : IDisposable
{
    private readonly List<Meter> _meters = [];

    public TestMeters() => Collector = new MetricsCollector(Scope, globalMeters: []);

    public object Scope { get; } = new();
    public MetricsCollector Collector { get; }

    public Meter Meter(string name = "Vigil.Test", object? scope = null)
    {
        var meter = new Meter(new MeterOptions(name) { Scope = scope ?? Scope });
        _meters.Add(meter);
        return meter;
    }

    public MetricsPage Page(FakeTimeProvider time, TimeSpan refresh, params IMetricsSource[] sources) =>
        new(Collector, sources, time, refresh, new CacheStats("metrics_page"), Meter("Vigil.System"));

    /// <summary>Collects and writes just the instruments.</summary>
    public string Render(ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var writer = new MetricsWriter(format);
        new InstrumentFamilyWriter().Write(writer, Collector.Collect());
        writer.End();
        return Encoding.UTF8.GetString(writer.Written);
    }

    public void Dispose()
    {
        Collector.Dispose();
        foreach (var meter in _meters)
            meter.Dispose();
    }
}
