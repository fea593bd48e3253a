using System.Text.Json.Serialization;

namespace Vigil.Server.Observability.Requests;

/// <summary><c>GET /api/v1/system/requests</c>: every route's windows, and all routes together.</summary>
public sealed record RequestStatsView(DateTimeOffset At, int SlotSeconds, WindowSetView All, IReadOnlyList<RouteStatsView> Routes);

public sealed record RouteStatsView(string Route, WindowSetView Windows);

public sealed record WindowSetView(
    [property: JsonPropertyName("1m")] WindowView OneMinute,
    [property: JsonPropertyName("5m")] WindowView FiveMinutes,
    [property: JsonPropertyName("15m")] WindowView FifteenMinutes);

/// <summary>One window. Rates per second over the seconds the window really covers; error_rate is errors / count (0..1);
/// latencies in milliseconds, estimated from fixed buckets (within about 26 %); null without requests.</summary>
public sealed record WindowView(long Count, double Rps, double ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms, ErrorCountsView Errors);

public sealed record ErrorCountsView(long ClientError, long ServerError, long Timeout, long Backpressure);

internal static class RequestStats
{
    public static RequestStatsView Build(RequestWindows windows, DateTimeOffset at) =>
        new(at, RequestWindows.SlotSeconds, WindowSet(windows, null), [.. windows.Routes.Select(r => new RouteStatsView(r.Route, WindowSet(windows, r.Route)))]);

    private static WindowSetView WindowSet(RequestWindows windows, string? route)
    {
        var views = RequestWindows.Windows.Select(w => View(windows, w.Slots, route)).ToArray();
        return new WindowSetView(views[0], views[1], views[2]);
    }

    private static WindowView View(RequestWindows windows, int slots, string? route)
    {
        var totals = windows.Totals(slots, route is null ? null : r => r == route);
        var span = windows.SpanSeconds(slots);
        return new WindowView(
            totals.Count,
            Math.Round(totals.Count / span, 3),
            totals.Count == 0 ? 0 : Math.Round((double)totals.ErrorCount / totals.Count, 4),
            Round(totals.PercentileMs(0.50)),
            Round(totals.PercentileMs(0.95)),
            Round(totals.PercentileMs(0.99)),
            new ErrorCountsView(
                totals.ErrorsOf(ErrorCategory.ClientError), totals.ErrorsOf(ErrorCategory.ServerError),
                totals.ErrorsOf(ErrorCategory.Timeout), totals.ErrorsOf(ErrorCategory.Backpressure)));
    }

    private static double? Round(double? ms) => ms is { } v ? Math.Round(v, 3) : null;
}
