using System.Collections.Concurrent;

namespace Vigil.Observability.Collection;

/// <summary>
/// OpenTelemetry instrument names and units to Prometheus names: '.' and any other character Prometheus does not
/// allow become '_'; "s" adds <c>_seconds</c>, "By" <c>_bytes</c> (never doubled); "1" and "{annotation}" add
/// nothing. Counters get <c>_total</c> on their samples, which the writer adds: names here never end in it.
/// </summary>
public static class PrometheusNames
{
    // Label names repeat on every page build; converting each once keeps the build allocation-light.
    private static readonly ConcurrentDictionary<string, string> LabelNames = new(StringComparer.Ordinal);

    /// <summary>The Prometheus unit word for an instrument unit, or null when the unit adds no suffix.</summary>
    public static string? UnitWord(string? unit) => unit switch
    {
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ => null,
    };

    /// <summary>The family name: sanitized, with the unit suffix, without <c>_total</c>.</summary>
    public static string MetricName(string instrumentName, string? unit, bool isCounter)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        if (isCounter && name.EndsWith("_total", StringComparison.Ordinal) && name.Length > "_total".Length)
            name = name[..^"_total".Length];
        var word = UnitWord(unit);
        if (word is not null && !name.EndsWith("_" + word, StringComparison.Ordinal))
            name = name + "_" + word;
        return name;
    }

    /// <summary>A tag key as a label name: '.' and other characters Prometheus does not allow become '_'.</summary>
    public static string LabelName(string tagKey) => LabelNames.Count < 4096
        ? LabelNames.GetOrAdd(tagKey, static key => Sanitize(key, allowColon: false))
        : Sanitize(tagKey, allowColon: false);

    /// <summary>[a-zA-Z_:][a-zA-Z0-9_:]* for metric names; no ':' in label names. A leading digit gets a '_' before it.</summary>
    internal static string Sanitize(string name, bool allowColon)
    {
        if (name.Length > 0 && IsValid(name, allowColon))
            return name;
        var chars = new char[name.Length + 1];
        var length = 0;
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            chars[length++] = '_';
        foreach (var c in name)
            chars[length++] = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_';
        return new string(chars, 0, length);
    }

    private static bool IsValid(string name, bool allowColon)
    {
        if (char.IsAsciiDigit(name[0]))
            return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':')))
                return false;
        return true;
    }
}
