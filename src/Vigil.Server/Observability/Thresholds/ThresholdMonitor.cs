using System.Diagnostics.Metrics;
using Vigil.Server.Observability.Instruments;
using Vigil.Server.Observability.Requests;
using Vigil.Server.Observability.Resources;

namespace Vigil.Server.Observability.Thresholds;

/// <summary>
/// Judges <c>benchmarking.performance_thresholds</c> at every resource sample: max_response_time against the p99 of
/// all routes over the last minute, max_memory_usage against the working set (RSS), min_throughput against all
/// routes' requests per second over the last minute while the server is busy. A crossing logs once, counts
/// <c>vigil.threshold.breaches</c> and raises <see cref="Changed"/>; so does the recovery (without the count).
/// </summary>
public sealed class ThresholdMonitor
{
    private const int OneMinuteSlots = 6;

    private readonly ThresholdOptions _options;
    private readonly ILogger<ThresholdMonitor> _logger;
    private readonly Counter<long> _breaches;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ThresholdState> _states;

    public ThresholdMonitor(ThresholdOptions options, IMeterFactory meters, ILogger<ThresholdMonitor> logger)
    {
        _options = options;
        _logger = logger;
        _states = new()
        {
            [ThresholdNames.MaxResponseTime] = new(ThresholdNames.MaxResponseTime, options.MaxResponseTimeMs, "ms", null, false, false, null, 0),
            [ThresholdNames.MaxMemoryUsage] = new(ThresholdNames.MaxMemoryUsage, options.MaxMemoryUsageMb, "MB", null, false, false, null, 0),
            [ThresholdNames.MinThroughput] = new(ThresholdNames.MinThroughput, options.MinThroughputRps, "rps", null, false, false, null, 0),
        };
        var meter = meters.Create(MeterNames.System);
        _breaches = meter.CreateCounter<long>("vigil.threshold.breaches", "{breach}", "Times a performance threshold was crossed");
        meter.CreateObservableGauge("vigil.threshold.breached", Breached, "1", "1 while a performance threshold is crossed");
    }

    /// <summary>Raised on the sampler's thread for each crossing and each recovery; handlers must be quick and not throw.</summary>
    public event Action<ThresholdChange>? Changed;

    public IReadOnlyList<ThresholdState> States
    {
        get
        {
            lock (_lock)
                return [.. ThresholdNames.All.Select(n => _states[n])];
        }
    }

    public void Evaluate(ResourceSample sample, RequestWindows windows)
    {
        var excluded = _options.ExcludedRoutes;
        var minute = windows.Totals(OneMinuteSlots, r => !excluded.Contains(r));
        var span = windows.SpanSeconds(OneMinuteSlots);

        var p99 = minute.PercentileMs(0.99);
        var latencyJudged = minute.Count >= _options.MinRequestsForResponseTime && p99 is not null;
        Judge(ThresholdNames.MaxResponseTime, p99, latencyJudged, latencyJudged && p99 > _options.MaxResponseTimeMs, sample.At);

        var rssMb = sample.WorkingSetBytes / (1024.0 * 1024.0);
        Judge(ThresholdNames.MaxMemoryUsage, Math.Round(rssMb, 1), true, rssMb > _options.MaxMemoryUsageMb, sample.At);

        var rps = minute.Count / span;
        var concurrency = (double)minute.DurationTicks / System.Diagnostics.Stopwatch.Frequency / span;
        var throughputJudged = _options.MinThroughputRps > 0 && concurrency >= _options.MinBusyConcurrency;
        Judge(ThresholdNames.MinThroughput, Math.Round(rps, 1), throughputJudged, throughputJudged && rps < _options.MinThroughputRps, sample.At);
    }

    private void Judge(string name, double? value, bool judged, bool breached, DateTimeOffset at)
    {
        ThresholdChange? change = null;
        lock (_lock)
        {
            var was = _states[name];
            var now = was with { Value = value, Judged = judged, Breached = breached };
            if (breached != was.Breached)
            {
                now = now with { Since = breached ? at : null, Breaches = was.Breaches + (breached ? 1 : 0) };
                change = new ThresholdChange(name, breached, value, was.Limit, was.Unit, at);
            }
            _states[name] = now;
        }
        if (change is null)
            return;
        if (change.Breached)
        {
            _breaches.Add(1, new KeyValuePair<string, object?>("threshold", name));
            _logger.LogWarning("Performance threshold {Threshold} crossed: {Value} against a limit of {Limit} ({Unit})", name, value, change.Limit, change.Unit);
        }
        else
        {
            _logger.LogInformation("Performance threshold {Threshold} recovered: {Value} against a limit of {Limit} ({Unit})", name, value, change.Limit, change.Unit);
        }
        Changed?.Invoke(change);
    }

    private IEnumerable<Measurement<int>> Breached()
    {
        foreach (var state in States)
            yield return new Measurement<int>(state.Breached ? 1 : 0, new KeyValuePair<string, object?>("threshold", state.Threshold));
    }
}
