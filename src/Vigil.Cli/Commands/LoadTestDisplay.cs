using System.Globalization;
using Spectre.Console;
using Vigil.LoadTest;
using Recorder = Vigil.LoadTest.Measuring.Recorder;
using Vigil.LoadTest.Reporting;
using Vigil.LoadTest.Scenarios;

namespace Vigil.Cli.Commands;

/// <summary>
/// The console side of <c>vigil loadtest</c>: a live panel (phase, elapsed, answered, rate, p50/p99 of the last
/// interval, errors) refreshed twice a second, or plain progress lines when the output is not a terminal; then
/// the final tables.
/// </summary>
internal sealed class LoadTestDisplay(bool plain) : ILoadTestProgress
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    private volatile Current? _current;

    public void Phase(string name, Recorder recorder, TimeSpan expected) => _current = new Current(name, recorder, expected);

    public void Note(string text) => _console.MarkupLineInterpolated($"[grey]{text}[/]");

    public async Task<LoadTestResult> RunAsync(LoadTestRunner runner, CancellationToken cancellationToken)
    {
        var running = runner.RunAsync(cancellationToken);
        var live = !plain && _console.Profile.Capabilities.Interactive && !Console.IsErrorRedirected;
        if (live)
        {
            await _console.Live(new Markup("starting…")).AutoClear(true).StartAsync(async context =>
            {
                while (await Task.WhenAny(running, Task.Delay(500, CancellationToken.None)) != running)
                {
                    context.UpdateTarget(Panel());
                    context.Refresh();
                }
            });
        }
        else
        {
            while (await Task.WhenAny(running, Task.Delay(5000, CancellationToken.None)) != running)
                if (_current is { } c)
                    Console.Error.WriteLine(Line(c));
        }
        return await running;
    }

    private Panel Panel() => _current is { } c
        ? new Panel(new Markup(Markup.Escape(Line(c)))).Header(Markup.Escape(c.Name))
        : new Panel(new Markup("preparing…"));

    private static string Line(Current c)
    {
        var r = c.Recorder;
        var elapsed = r.ElapsedSeconds;
        var last = r.Series.Points().LastOrDefault();
        return string.Create(Inv,
            $"{elapsed:0.0}/{c.Expected.TotalSeconds:0} s  answered {r.Requests:N0} ({r.Requests / Math.Max(elapsed, 1e-9):N0}/s)  " +
            $"last interval p50 {last?.P50Ms ?? 0:0.###} ms p99 {last?.P99Ms ?? 0:0.###} ms  errors {r.Errors.Total:N0}");
    }

    public void Summary(LoadTestResult r)
    {
        var totals = new Table().Title($"{r.Scenario}: {r.Totals.Requests:N0} requests in {r.DurationSeconds:0.0} s").AddColumns("throughput", "pings/s", "succeeded", "failed", "error rate");
        totals.AddRow(F(r.Totals.RequestsPerSecond, "N1") + " req/s", F(r.Totals.PingsPerSecond, "N1"), N(r.Totals.Succeeded), N(r.Totals.Failed), F(r.Totals.ErrorRate * 100, "0.###") + " %");
        _console.Write(totals);

        var latency = new Table().Title("latency (ms)").AddColumns("", "p50", "p90", "p99", "p99.9", "max");
        foreach (var (name, p) in new[] { ("from schedule (corrected)", r.Latency), ("service time", r.ServiceTime) })
            latency.AddRow(name, F(p.P50Ms), F(p.P90Ms), F(p.P99Ms), F(p.P999Ms), F(p.MaxMs));
        _console.Write(latency);

        if (r.Errors.Count > 0)
        {
            var errors = new Table().Title("errors by kind").AddColumns("kind", "count");
            foreach (var (kind, n) in r.Errors)
                errors.AddRow(Markup.Escape(kind), N(n));
            _console.Write(errors);
        }

        var server = new Table().Title("server").AddColumns("", "CPU s", "RSS MiB", "GC heap MiB");
        server.AddRow("before", F(r.Server.Before?.CpuSeconds, "0.00"), Mb(r.Server.Before?.RssBytes), Mb(r.Server.Before?.GcHeapBytes));
        server.AddRow("after", F(r.Server.After?.CpuSeconds, "0.00"), Mb(r.Server.After?.RssBytes), Mb(r.Server.After?.GcHeapBytes));
        _console.Write(server);
        if (r.Server.CpuCores is { } cores)
            _console.MarkupLine(string.Create(Inv, $"server CPU during the run: {cores:0.00} cores; generator {r.Generator.CpuPerRequestMicroseconds:0.0} µs CPU and {r.Generator.AllocatedBytesPerRequest:N0} B per request"));
        foreach (var (name, trend) in new[] { ("RSS", r.Server.Rss), ("GC heap", r.Server.GcHeap) })
            if (trend is not null && r.Scenario == "soak")
                _console.MarkupLine(string.Create(Inv, $"{name} after warm-up: {trend.SlopeBytesPerMinute / 1048576:0.###} MiB/min, {trend.GrowthPercent:0.##} % growth over {trend.Samples} samples"));

        if (r.Ramp is { } ramp)
        {
            var steps = new Table().Title(Markup.Escape(ramp.KneeRate is { } k ? $"ramp: knee at {k:N0} req/s ({ramp.StopReason})" : $"ramp: no step within the limits ({ramp.StopReason})"))
                .AddColumns("rate", "achieved", "p50 ms", "p99 ms", "errors", "within");
            foreach (var s in ramp.Steps)
                steps.AddRow(F(s.Rate, "N0"), F(s.AchievedRps, "N0"), F(s.P50Ms), F(s.P99Ms), F(s.ErrorRate * 100, "0.##") + " %", s.WithinLimits ? "yes" : "[red]no[/]");
            _console.Write(steps);
        }
        if (r.Abuse is { } abuse)
        {
            var parts = new Table().Title(string.Create(Inv, $"abuse: server up {(abuse.ServerUp ? "yes" : "NO")}, good pings {abuse.GoodSuccessRate * 100:0.##} % ok"))
                .AddColumns("part", "requests", "answers", "result");
            foreach (var p in abuse.Parts)
                parts.AddRow(p.Name, N(p.Requests), Markup.Escape(string.Join(", ", p.Answers.Select(a => $"{a.Key}: {a.Value}"))), p.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
            _console.Write(parts);
        }
        if (r.Verdict.Passed)
            _console.MarkupLine("[green]passed[/]");
        else
            foreach (var reason in r.Verdict.Reasons)
                _console.MarkupLineInterpolated($"[red]failed:[/] {reason}");
    }

    public void Comparison(Comparison comparison, double tolerancePercent)
    {
        var table = new Table().Title(string.Create(Inv, $"against the baseline (tolerance {tolerancePercent:0.#} %)")).AddColumns("figure", "baseline", "this run", "change", "");
        foreach (var row in comparison.Rows)
            table.AddRow(row.Figure, F(row.Baseline, "0.####"), F(row.Current, "0.####"), row.ChangePercent is { } c ? F(c, "+0.#;-0.#;0") + " %" : "–", row.Regressed ? "[red]regressed[/]" : "ok");
        _console.Write(table);
        foreach (var note in comparison.Notes)
            _console.MarkupLineInterpolated($"[yellow]note:[/] {note}");
    }

    private static string F(double? value, string format = "0.###") => value?.ToString(format, Inv) ?? "–";
    private static string N(long value) => value.ToString("N0", Inv);
    private static string Mb(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("0.0", Inv) : "–";

    private sealed record Current(string Name, Recorder Recorder, TimeSpan Expected);
}
