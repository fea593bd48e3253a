using System.Globalization;
using System.Text;

namespace Vigil.Server.Tests.Support;

/// <summary>
/// One /metrics page in text format 0.0.4, as samples keyed <c>name{label="value",...}</c> with the labels sorted
/// by name, so a test can ask for a series without knowing the writer's label order.
/// </summary>
public sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _samples;

    private MetricsScrape(Dictionary<string, double> samples) => _samples = samples;

    public IReadOnlyDictionary<string, double> Samples => _samples;

    public static async Task<MetricsScrape> FetchAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        await HttpAssert.Expect(response, 200);
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The sample's value, or 0 when the series is not on the page (a counter that never moved).</summary>
    public double Value(string name, params (string Label, string Value)[] labels) => _samples.GetValueOrDefault(Key(name, labels));

    public bool Has(string name, params (string Label, string Value)[] labels) => _samples.ContainsKey(Key(name, labels));

    /// <summary>The metric names on the page (sample names, so histograms appear as _bucket, _sum and _count).</summary>
    public IEnumerable<string> Names => _samples.Keys.Select(k => k.Split('{')[0]).Distinct();

    public static MetricsScrape Parse(string page)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in page.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var brace = series.IndexOf('{');
            var key = brace < 0 ? series : Key(series[..brace], ParseLabels(series[(brace + 1)..^1]));
            samples[key] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
        return new MetricsScrape(samples);
    }

    private static string Key(string name, IEnumerable<(string Label, string Value)> labels)
    {
        var sorted = labels.OrderBy(l => l.Label, StringComparer.Ordinal).Select(l => $"{l.Label}=\"{l.Value}\"");
        var joined = string.Join(',', sorted);
        return joined.Length == 0 ? name : $"{name}{{{joined}}}";
    }

    private static List<(string, string)> ParseLabels(string text)
    {
        var labels = new List<(string, string)>();
        var i = 0;
        while (i < text.Length)
        {
            var equals = text.IndexOf('=', i);
            var name = text[i..equals];
            var value = new StringBuilder();
            var j = equals + 2; // past ="
            for (; text[j] != '"'; j++)
                value.Append(text[j] == '\\' ? text[++j] switch { 'n' => '\n', var c => c } : text[j]);
            labels.Add((name, value.ToString()));
            i = j + 1;
            if (i < text.Length && text[i] == ',')
                i++;
        }
        return labels;
    }
}
