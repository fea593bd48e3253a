using System.Globalization;
using System.Net;
using System.Text;

namespace Vigil.LoadTest.Reporting;

/// <summary>Small inline SVG charts: lines over time and a log-scale histogram. No script, no external file.</summary>
internal static class SvgPlot
{
    private const int Width = 900;
    private const int Height = 260;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 30;
    private const int Bottom = 40;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<(string Name, string Color, List<double> Y)> series)
    {
        var svg = Open(title);
        if (x.Count == 0)
            return svg.Append(Text(Width / 2, Height / 2, "no data", "middle")).Append("</svg>\n").ToString();
        var xMax = Math.Max(x[^1], 1);
        var yMax = Nice(series.SelectMany(s => s.Y).DefaultIfEmpty(0).Max());
        Axes(svg, xLabel, yLabel, 0, xMax, yMax);
        var legend = Left + 10;
        foreach (var (name, color, y) in series)
        {
            var points = new StringBuilder();
            for (var i = 0; i < x.Count && i < y.Count; i++)
                points.Append(Fmt(X(x[i], xMax))).Append(',').Append(Fmt(Y(y[i], yMax))).Append(' ');
            svg.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"1.5\" points=\"").Append(points).Append("\"/>");
            svg.Append("<rect x=\"").Append(legend).Append("\" y=\"").Append(Top - 18).Append("\" width=\"10\" height=\"10\" fill=\"").Append(color).Append("\"/>")
                .Append(Text(legend + 14, Top - 9, name, "start"));
            legend += 20 + 8 * name.Length + 10;
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Buckets re-binned into steps of 2^(1/8) on a log axis, so the shape from microseconds to seconds fits one chart.</summary>
    public static string Histogram(string title, IReadOnlyList<HistogramBucket> buckets)
    {
        var svg = Open(title);
        var nonZero = buckets.Where(b => b.Count > 0).ToList();
        if (nonZero.Count == 0)
            return svg.Append(Text(Width / 2, Height / 2, "no data", "middle")).Append("</svg>\n").ToString();
        var lo = Math.Log2(Math.Max(nonZero[0].LowMs, 0.001));
        var hi = Math.Log2(Math.Max(nonZero[^1].HighMs, 0.002));
        lo = Math.Floor(lo);
        hi = Math.Max(Math.Ceiling(hi), lo + 1);
        var bins = new long[(int)((hi - lo) * 8) + 1];
        foreach (var b in nonZero)
        {
            var at = (int)((Math.Log2(Math.Max((b.LowMs + b.HighMs) / 2, 0.001)) - lo) * 8);
            bins[Math.Clamp(at, 0, bins.Length - 1)] += b.Count;
        }
        var yMax = Nice(bins.Max());
        var plotWidth = Width - Left - Right;
        var barWidth = plotWidth / (double)bins.Length;
        // Axis: powers of two of milliseconds.
        svg.Append(Line(Left, Height - Bottom, Width - Right, Height - Bottom)).Append(Line(Left, Top, Left, Height - Bottom));
        for (var p = lo; p <= hi; p++)
        {
            var px = Left + (p - lo) * 8 * barWidth;
            svg.Append(Text(px, Height - Bottom + 15, FormatMs(Math.Pow(2, p)), "middle"));
        }
        svg.Append(Text(Left + plotWidth / 2.0, Height - 5, "latency (ms, log scale)", "middle"))
            .Append(Text(Left - 5, Top + 5, yMax.ToString("N0", Inv), "end")).Append(Text(Left - 5, Height - Bottom, "0", "end"));
        for (var i = 0; i < bins.Length; i++)
        {
            if (bins[i] == 0)
                continue;
            var h = bins[i] / yMax * (Height - Top - Bottom);
            svg.Append("<rect x=\"").Append(Fmt(Left + i * barWidth)).Append("\" y=\"").Append(Fmt(Height - Bottom - h))
                .Append("\" width=\"").Append(Fmt(Math.Max(barWidth - 1, 1))).Append("\" height=\"").Append(Fmt(h))
                .Append("\" fill=\"#1f77b4\"><title>").Append(FormatMs(Math.Pow(2, lo + i / 8.0))).Append(" ms: ").Append(bins[i].ToString(Inv)).Append("</title></rect>");
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static StringBuilder Open(string title) =>
        new StringBuilder().Append("<h2>").Append(WebUtility.HtmlEncode(title)).Append("</h2>\n")
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Width).Append("\" height=\"").Append(Height)
            .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" font-size=\"11\" role=\"img\">");

    private static void Axes(StringBuilder svg, string xLabel, string yLabel, double xMin, double xMax, double yMax)
    {
        svg.Append(Line(Left, Height - Bottom, Width - Right, Height - Bottom)).Append(Line(Left, Top, Left, Height - Bottom));
        for (var i = 0; i <= 4; i++)
        {
            var v = yMax * i / 4;
            var y = Y(v, yMax);
            svg.Append("<line x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right).Append("\" y1=\"").Append(Fmt(y)).Append("\" y2=\"").Append(Fmt(y))
                .Append("\" stroke=\"#eee\"/>").Append(Text(Left - 5, y + 4, v.ToString(v < 10 ? "0.##" : "N0", Inv), "end"));
            var xv = xMin + (xMax - xMin) * i / 4;
            svg.Append(Text(X(xv, xMax), Height - Bottom + 15, xv.ToString("0.#", Inv), "middle"));
        }
        svg.Append(Text(Left + (Width - Left - Right) / 2.0, Height - 5, xLabel, "middle"))
            .Append(Text(12, Top - 12, yLabel, "start"));
    }

    private static double X(double v, double xMax) => Left + v / xMax * (Width - Left - Right);
    private static double Y(double v, double yMax) => Height - Bottom - v / yMax * (Height - Top - Bottom);

    private static double Nice(double max)
    {
        if (max <= 0)
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
            if (step * magnitude >= max)
                return step * magnitude;
        return 10 * magnitude;
    }

    private static string Line(double x1, double y1, double x2, double y2) =>
        $"<line x1=\"{Fmt(x1)}\" y1=\"{Fmt(y1)}\" x2=\"{Fmt(x2)}\" y2=\"{Fmt(y2)}\" stroke=\"#444\"/>";

    private static string Text(double x, double y, string text, string anchor) =>
        $"<text x=\"{Fmt(x)}\" y=\"{Fmt(y)}\" text-anchor=\"{anchor}\">{WebUtility.HtmlEncode(text)}</text>";

    private static string FormatMs(double ms) => ms < 1 ? ms.ToString("0.###", Inv) : ms.ToString("0.#", Inv);

    private static string Fmt(double v) => v.ToString("0.#", Inv);
}
