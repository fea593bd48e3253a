namespace Vigil.Observability.Collection;

/// <summary>The Prometheus family types Vigil writes.</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
