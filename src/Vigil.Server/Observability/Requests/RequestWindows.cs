using System.Collections.Concurrent;

namespace Vigil.Server.Observability.Requests;

/// <summary>
/// Per-route sliding windows over the last 1, 5 and 15 minutes, in 10-second slots (so a "1 minute" window covers
/// 50 to 60 seconds). Routes are endpoint route templates, so their number is bounded by the endpoints Vigil maps
/// (about 30), plus "unmatched"; past <see cref="MaxRoutes"/> any further route is counted as "other".
/// Slots follow the injected clock, so tests move the windows with a fake clock.
/// </summary>
public sealed class RequestWindows
{
    public const int SlotSeconds = 10;
    public const int SlotCount = 90;
    public const int MaxRoutes = 128;
    public const string Unmatched = "unmatched";
    public const string Other = "other";

    /// <summary>The windows served, by name and number of slots.</summary>
    public static readonly IReadOnlyList<(string Name, int Slots)> Windows = [("1m", 6), ("5m", 30), ("15m", 90)];

    private readonly TimeProvider _time;
    private readonly bool _systemClock;
    private readonly long _slotTicks;
    private readonly long _started;
    private readonly RouteWindow _unmatched = new(Unmatched);
    private readonly ConcurrentDictionary<Endpoint, RouteWindow> _byEndpoint = new();
    private readonly ConcurrentDictionary<string, RouteWindow> _byRoute = new(StringComparer.Ordinal);

    public RequestWindows(TimeProvider time)
    {
        _time = time;
        _systemClock = ReferenceEquals(time, TimeProvider.System);
        _slotTicks = time.TimestampFrequency * SlotSeconds;
        _started = time.GetTimestamp();
        _byRoute[Unmatched] = _unmatched;
    }

    /// <summary>The window of an endpoint's route, found by reference after its first request.</summary>
    internal RouteWindow WindowFor(Endpoint? endpoint) =>
        endpoint is null ? _unmatched : _byEndpoint.TryGetValue(endpoint, out var known) ? known : Add(endpoint);

    /// <param name="stopwatchNow">The request's end as a <see cref="System.Diagnostics.Stopwatch"/> timestamp: the system clock's
    /// own reading, so the hot path reads the clock once when the clock is the system's.</param>
    internal void Record(RouteWindow window, long stopwatchNow, long durationTicks, double micros, ErrorCategory category)
    {
        var now = _systemClock ? stopwatchNow : _time.GetTimestamp();
        window.Record(now / _slotTicks, durationTicks, micros, category);
    }

    /// <summary>Routes seen so far, "unmatched" first.</summary>
    internal IEnumerable<RouteWindow> Routes => _byRoute.Values.OrderBy(r => r.Route == Unmatched ? "" : r.Route, StringComparer.Ordinal);

    /// <summary>Sums the last <paramref name="slots"/> slots of the routes <paramref name="include"/> accepts.</summary>
    internal WindowTotals Totals(int slots, Func<string, bool>? include = null)
    {
        var totals = new WindowTotals();
        var current = CurrentSlot;
        foreach (var route in _byRoute.Values)
            if (include is null || include(route.Route))
                route.AddTo(totals, current, slots);
        return totals;
    }

    internal long CurrentSlot => _time.GetTimestamp() / _slotTicks;

    /// <summary>The seconds the last <paramref name="slots"/> slots really cover: the current slot is partial, and a
    /// young server has not lived a whole window yet. At least one second, so rates stay finite.</summary>
    internal double SpanSeconds(int slots)
    {
        var now = _time.GetTimestamp();
        var covered = ((slots - 1) * _slotTicks) + (now % _slotTicks);
        return Math.Max(1, (double)Math.Min(covered, now - _started) / _time.TimestampFrequency);
    }

    private RouteWindow Add(Endpoint endpoint)
    {
        var route = RouteOf(endpoint);
        if (_byRoute.Count >= MaxRoutes && !_byRoute.ContainsKey(route))
            route = Other;
        var window = _byRoute.GetOrAdd(route, static r => new RouteWindow(r));
        _byEndpoint.TryAdd(endpoint, window);
        return window;
    }

    /// <summary>The endpoint's route template; a group's empty pattern leaves a trailing '/' that the URL does not have.</summary>
    internal static string RouteOf(Endpoint endpoint) =>
        (endpoint as RouteEndpoint)?.RoutePattern.RawText is { } raw
            ? raw.Length > 1 && raw.EndsWith('/') ? raw.TrimEnd('/') : raw
            : Unmatched;
}
