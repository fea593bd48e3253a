namespace Vigil.Observability.Exposition;

/// <summary>The two page formats: Prometheus text 0.0.4 (the default) and OpenMetrics 1.0 (when Accept asks for it).</summary>
public enum ExpositionFormat
{
    PrometheusText,
    OpenMetrics,
}

public static class ExpositionFormats
{
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    public static string ContentType(this ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetricsContentType : PrometheusTextContentType;
}
