using Microsoft.Net.Http.Headers;
using Vigil.Observability.Exposition;

namespace Vigil.Server.Observability.Metrics;

/// <summary>Which format and encoding a scrape asked for, from its Accept and Accept-Encoding headers.</summary>
public static class MetricsNegotiation
{
    /// <summary>OpenMetrics when Accept rates it at least as high as text/plain (or */*); else text 0.0.4.</summary>
    public static ExpositionFormat FormatFor(string? accept)
    {
        if (string.IsNullOrEmpty(accept) || !accept.Contains("openmetrics", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParseList(accept.Split(','), out var types))
            return ExpositionFormat.PrometheusText;
        double openMetrics = 0, text = 0;
        foreach (var type in types)
        {
            var q = type.Quality ?? 1;
            if (type.MediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
                openMetrics = Math.Max(openMetrics, q);
            else if (type.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) || type.MatchesAllTypes)
                text = Math.Max(text, q);
        }
        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }

    /// <summary>True when Accept-Encoding allows gzip (explicitly or by *) with a non-zero quality.</summary>
    public static bool AcceptsGzip(string? acceptEncoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding) || !StringWithQualityHeaderValue.TryParseList(acceptEncoding.Split(','), out var codings))
            return false;
        double gzip = -1, any = -1;
        foreach (var coding in codings)
        {
            if (coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase))
                gzip = Math.Max(gzip, coding.Quality ?? 1);
            else if (coding.Value.Equals("*", StringComparison.Ordinal))
                any = Math.Max(any, coding.Quality ?? 1);
        }
        return gzip >= 0 ? gzip > 0 : any > 0;
    }
}
