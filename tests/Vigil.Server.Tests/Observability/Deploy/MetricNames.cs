using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Tests.Observability.Deploy;

/// <summary>Metric names: the ones PromQL expressions refer to, and the ones an exposition page offers.</summary>
public static partial class MetricNames
{
    /// <summary>Prometheus's own per-target series; Vigil does not expose it.</summary>
    public const string Up = "up";

    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|\\{[^}]*\\}|\\[[^\\]]*\\]")]
    private static partial Regex StringsMatchersAndRanges();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:$])(vigil_[a-z0-9_]+|dotnet_[a-z0-9_]+|up)(?![A-Za-z0-9_:(])")]
    private static partial Regex Name();

    /// <summary>The metric names an expression selects (label values, matchers and ranges are not names).</summary>
    public static IEnumerable<string> InPromQl(string expression) =>
        Name().Matches(StringsMatchersAndRanges().Replace(expression, " ")).Select(m => m.Value);

    /// <summary>Every "expr" of a Grafana dashboard's panels (rows' nested panels included).</summary>
    public static IEnumerable<string> DashboardExpressions(JsonNode dashboard)
    {
        foreach (var panel in Panels(dashboard["panels"]!.AsArray()))
            foreach (var target in panel["targets"]?.AsArray() ?? [])
                if (target?["expr"] is { } expr)
                    yield return (string)expr!;
    }

    public static IEnumerable<JsonNode> Panels(JsonArray panels)
    {
        foreach (var panel in panels)
        {
            yield return panel!;
            if (panel!["panels"] is JsonArray nested)
                foreach (var inner in Panels(nested))
                    yield return inner;
        }
    }

    /// <summary>Every rule's "expr" in a Prometheus rule file.</summary>
    public static IEnumerable<(string Rule, string Expr)> RuleExpressions(string ruleFileText)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(ruleFileText));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            {
                var name = rule.Children.TryGetValue("alert", out var alert) ? alert.ToString() : rule["record"].ToString();
                yield return (name, rule["expr"].ToString());
            }
    }

    /// <summary>An exposition page's names: every sample's and every TYPE line's (a histogram with no observation yet
    /// may have only its TYPE line), with the type of each TYPE'd name.</summary>
    public sealed class Exposed
    {
        private readonly HashSet<string> _samples = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

        public Exposed(string page)
        {
            foreach (var raw in page.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length >= 4)
                        _types[parts[2]] = parts[3];
                }
                else if (line.Length > 0 && line[0] != '#')
                    _samples.Add(line[..line.IndexOfAny(['{', ' '])]);
            }
        }

        public int Count => _samples.Count + _types.Count;

        /// <summary>True when a query for <paramref name="name"/> can find series on this page.</summary>
        public bool Offers(string name)
        {
            if (_samples.Contains(name) || _types.ContainsKey(name))
                return true;
            // A counter TYPE'd under its base name (OpenMetrics style) is sampled as name_total.
            if (name.EndsWith("_total", StringComparison.Ordinal) && _types.TryGetValue(name[..^6], out var counter) && counter == "counter")
                return true;
            return HistogramSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)
                && _types.TryGetValue(name[..^s.Length], out var type) && type is "histogram" or "summary");
        }
    }
}
