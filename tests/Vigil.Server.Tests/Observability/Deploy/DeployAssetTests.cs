using System.Text.Json.Nodes;
using Vigil.Server.Tests.Support;

namespace Vigil.Server.Tests.Observability.Deploy;

/// <summary>The shipped Prometheus rules and Grafana dashboard are valid on their own (promtool, JSON).</summary>
public sealed class DeployAssetTests
{
    public static readonly string[] RequiredAlerts =
    [
        "VigilDown", "VigilIngestRejected", "VigilWriteFailures", "VigilWriteQueueSaturated", "VigilPingLatencyHigh",
        "VigilSchedulerBehind", "VigilMemoryNearLimit", "VigilDiskNearlyFull",
    ];

    [Fact]
    public async Task Promtool_accepts_the_rule_file()
    {
        var result = await Promtool.RunAsync(RepoFiles.Root, null, "check", "rules", RepoFiles.RulesFile);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Output);
    }

    [Fact]
    public async Task The_rules_unit_tests_pass()
    {
        var result = await Promtool.RunAsync(Path.GetDirectoryName(RepoFiles.RulesTestFile)!, null, "test", "rules", RepoFiles.RulesTestFile);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Promtool_accepts_the_example_config()
    {
        var result = await Promtool.RunAsync(Path.GetDirectoryName(RepoFiles.ExampleConfig)!, null, "check", "config", RepoFiles.ExampleConfig);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Every_alert_the_issue_names_is_there_with_a_severity_and_a_summary()
    {
        var text = await File.ReadAllTextAsync(RepoFiles.RulesFile);
        var rules = MetricNames.RuleExpressions(text).Select(r => r.Rule).ToList();
        Assert.Subset(rules.ToHashSet(), RequiredAlerts.ToHashSet());
        Assert.Equal(rules.Count, rules.Distinct().Count());
        Assert.Equal(rules.Count, CountOf(text, "severity:"));
        Assert.Equal(rules.Count, CountOf(text, "summary:"));
    }

    [Fact]
    public async Task The_dashboard_is_grafana_json_on_a_datasource_variable_with_a_query_in_every_panel()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(RepoFiles.Dashboard))!;
        Assert.False(string.IsNullOrEmpty((string?)dashboard["title"]));
        Assert.False(string.IsNullOrEmpty((string?)dashboard["uid"]));
        var variables = dashboard["templating"]!["list"]!.AsArray();
        Assert.Contains(variables, v => (string?)v!["type"] == "datasource" && (string?)v["query"] == "prometheus" && (string?)v["name"] == "datasource");

        var panels = MetricNames.Panels(dashboard["panels"]!.AsArray()).Where(p => (string?)p["type"] != "row").ToList();
        Assert.True(panels.Count >= 20, $"only {panels.Count} panels");
        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
        Assert.All(panels, p =>
        {
            Assert.Equal("${datasource}", (string?)p["datasource"]?["uid"]);
            var targets = p["targets"]!.AsArray();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.NotEmpty(MetricNames.InPromQl((string)t!["expr"]!)));
        });
        var titles = panels.Select(p => (string)p["title"]!).ToList();
        foreach (var needed in new[] { "Ingest rate", "Ping latency percentiles", "Monitors by state", "Check errors", "Scheduler drift", "Write queue", "Pool", "Cache", "CPU", "Memory" })
            Assert.Contains(titles, t => t.Contains(needed, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(vigil_ping_duration_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))", "vigil_ping_duration_seconds_bucket")]
    [InlineData("up{job=\"vigil\"} == 0", "up")]
    [InlineData("sum by (type, error) (rate(vigil_check_runs_total{error!=\"none\", x=\"vigil_fake\"}[5m]))", "vigil_check_runs_total")]
    [InlineData("max by (instance) (vigil_write_queue_depth) / max by (instance) (vigil_write_queue_capacity) > 0.9", "vigil_write_queue_depth vigil_write_queue_capacity")]
    public void Metric_names_are_read_out_of_promql_without_label_values_or_functions(string promql, string expected) =>
        Assert.Equal(expected.Split(' '), MetricNames.InPromQl(promql));

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
