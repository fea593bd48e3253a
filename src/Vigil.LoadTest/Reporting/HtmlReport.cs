using System.Globalization;
using System.Net;
using System.Text;

namespace Vigil.LoadTest.Reporting;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the totals, the
/// latency over time, throughput over time, the latency histogram, errors, and the scenario's own tables.
/// </summary>
public static class HtmlReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(LoadTestResult r)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>vigil loadtest: ")
            .Append(E(r.Scenario)).Append("</title>\n<style>")
            .Append("body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1000px}")
            .Append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
            .Append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.bad{color:#b00020;font-weight:bold}.ok{color:#187a2f;font-weight:bold}")
            .Append("svg{background:#fff;border:1px solid #ddd;margin-bottom:1.5em}")
            .Append("</style></head><body>\n");
        html.Append("<h1>vigil loadtest: ").Append(E(r.Scenario)).Append("</h1>\n<p>")
            .Append(E($"{r.Config.Url} · started {r.StartedAt:u} · {r.DurationSeconds:0.0} s · {r.Machine.ProcessorCount} CPUs ({r.Machine.CpuModel ?? "unknown"}) · {r.Machine.Os} · .NET {r.Machine.Runtime}"))
            .Append("</p>\n<p class=\"").Append(r.Verdict.Passed ? "ok\">PASSED" : "bad\">FAILED");
        foreach (var reason in r.Verdict.Reasons)
            html.Append(" · ").Append(E(reason));
        html.Append("</p>\n");

        Table(html, ["requests", "succeeded", "failed", "pings", "req/s", "pings/s", "error rate"],
            [[N(r.Totals.Requests), N(r.Totals.Succeeded), N(r.Totals.Failed), N(r.Totals.Pings), F(r.Totals.RequestsPerSecond, 1), F(r.Totals.PingsPerSecond, 1), P(r.Totals.ErrorRate)]]);
        Table(html, ["latency (ms)", "p50", "p90", "p99", "p99.9", "max", "mean"],
            [Row("from scheduled send (corrected)", r.Latency), Row("from real send (service time)", r.ServiceTime)]);

        var t = r.Series.Select(p => p.T).ToList();
        html.Append(SvgPlot.Lines("Latency over time (ms, from scheduled send)", "seconds", "ms", t,
            [("p50", "#1f77b4", r.Series.Select(p => p.P50Ms).ToList()), ("p99", "#ff7f0e", r.Series.Select(p => p.P99Ms).ToList()),
             ("max", "#999999", r.Series.Select(p => p.MaxMs).ToList())]));
        html.Append(SvgPlot.Lines("Throughput over time (answers per second)", "seconds", "req/s", t,
            [("answered", "#2ca02c", r.Series.Select(p => p.Rps).ToList()), ("errors", "#d62728", r.Series.Select(p => (double)p.Errors / r.SeriesIntervalSeconds).ToList())]));
        html.Append(SvgPlot.Histogram("Latency histogram (from scheduled send)", r.Histogram));

        if (r.Errors.Count > 0)
            Table(html, ["error", "count"], [.. r.Errors.Select(e => new[] { e.Key, N(e.Value) })]);
        ServerTable(html, r.Server);
        Table(html, ["generator", "workers", "CPU s", "µs CPU / request", "bytes allocated / request"],
            [[r.Generator.Client, N(r.Generator.Workers), F(r.Generator.CpuSeconds, 2), F(r.Generator.CpuPerRequestMicroseconds, 1), F(r.Generator.AllocatedBytesPerRequest, 0)]]);
        if (r.Ramp is { } ramp)
        {
            html.Append("<h2>Ramp</h2><p>").Append(E(ramp.KneeRate is { } k ? $"knee: {k:0} req/s" : "no step stayed within the limits"))
                .Append(" · ").Append(E(ramp.StopReason)).Append("</p>");
            Table(html, ["rate", "achieved req/s", "requests", "p50 ms", "p99 ms", "errors", "within limits"],
                [.. ramp.Steps.Select(s => new[] { F(s.Rate, 0), F(s.AchievedRps, 1), N(s.Requests), F(s.P50Ms, 3), F(s.P99Ms, 3), P(s.ErrorRate), s.WithinLimits ? "yes" : "no" })]);
        }
        if (r.Abuse is { } abuse)
        {
            html.Append("<h2>Abuse</h2><p>server up after: ").Append(abuse.ServerUp ? "yes" : "no")
                .Append(" · good pings succeeded: ").Append(P(abuse.GoodSuccessRate)).Append("</p>");
            Table(html, ["part", "requests", "answers", "expected", "result"],
                [.. abuse.Parts.Select(p => new[] { p.Name, N(p.Requests), string.Join(", ", p.Answers.Select(a => $"{a.Key}: {a.Value}")), p.Expectation, p.Passed ? "pass" : "FAIL" })]);
        }
        html.Append("<h2>Configuration</h2><pre>").Append(E(ResultJson.Serialize(r with { Series = [], Histogram = [] }).Split("\"totals\"")[0])).Append("</pre>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void ServerTable(StringBuilder html, ServerReport s)
    {
        static string Mb(long? b) => b is { } v ? (v / 1048576.0).ToString("0.0", Inv) : "–";
        Table(html, ["server", "CPU s (total)", "RSS MiB", "GC heap MiB"],
            [["before", s.Before?.CpuSeconds?.ToString("0.00", Inv) ?? "–", Mb(s.Before?.RssBytes), Mb(s.Before?.GcHeapBytes)],
             ["after", s.After?.CpuSeconds?.ToString("0.00", Inv) ?? "–", Mb(s.After?.RssBytes), Mb(s.After?.GcHeapBytes)]]);
        if (s.CpuCores is { } cores)
            html.Append("<p>server CPU during the run: ").Append(F(s.CpuSeconds ?? 0, 2)).Append(" s, ").Append(F(cores, 2)).Append(" cores</p>");
        if (s.Samples.Count > 1)
        {
            var t = s.Samples.Select(p => p.AtSeconds).ToList();
            html.Append(SvgPlot.Lines("Server memory (MiB)", "seconds", "MiB", t,
                [("RSS", "#9467bd", s.Samples.Select(p => (p.RssBytes ?? 0) / 1048576.0).ToList()),
                 ("GC heap", "#8c564b", s.Samples.Select(p => (p.GcHeapBytes ?? 0) / 1048576.0).ToList())]));
        }
        foreach (var (name, trend) in new[] { ("RSS", s.Rss), ("GC heap", s.GcHeap) })
        {
            if (trend is not null)
                html.Append("<p>").Append(name).Append(" after warm-up (").Append(F(trend.WarmupSeconds, 0)).Append(" s): ")
                    .Append(F(trend.SlopeBytesPerMinute / 1048576, 3)).Append(" MiB/min, ").Append(F(trend.GrowthPercent, 2)).Append(" % growth</p>");
        }
    }

    private static string[] Row(string name, Percentiles p) =>
        [name, F(p.P50Ms, 3), F(p.P90Ms, 3), F(p.P99Ms, 3), F(p.P999Ms, 3), F(p.MaxMs, 3), F(p.MeanMs, 3)];

    private static void Table(StringBuilder html, string[] head, string[][] rows)
    {
        html.Append("<table><tr>");
        foreach (var h in head)
            html.Append("<th>").Append(E(h)).Append("</th>");
        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append("<td>").Append(E(cell)).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string N(long n) => n.ToString("N0", Inv);
    private static string F(double d, int decimals) => d.ToString("N" + decimals, Inv);
    private static string P(double rate) => (rate * 100).ToString("0.###", Inv) + " %";
}
