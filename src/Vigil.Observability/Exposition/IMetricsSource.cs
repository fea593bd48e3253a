namespace Vigil.Observability.Exposition;

/// <summary>
/// Families written straight to the page rather than through instruments, such as the per-monitor series: ten
/// thousand monitors would otherwise be ten thousand measurements with tag arrays on every build.
/// </summary>
public interface IMetricsSource
{
    /// <summary>Writes whole families with <see cref="MetricsWriter.Family"/> and the sample methods.</summary>
    void Write(MetricsWriter writer);
}
