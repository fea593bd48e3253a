using System.Collections.Concurrent;
using Vigil.Core.Alerts;
using Vigil.Core.Alerts.Json;

namespace Vigil.Alerting.Rules;

/// <summary>
/// Threshold rules on active checks (<c>latency_p95</c>, <c>failure_rate</c>): a sliding window of each monitor's
/// recent results, judged on every result. A rule reports <see cref="ThresholdChange.Breached"/> once when its figure
/// goes above the limit (with at least min_samples in the window) and <see cref="ThresholdChange.Cleared"/> once when it
/// is back at or under; nothing in between. Thread-safe (a lock per monitor).
/// </summary>
/// <remarks>
/// Memory: only monitors with a threshold rule are tracked. Each keeps the results inside its longest window, 16 bytes
/// each, in a ring that grows by doubling up to <see cref="MaxSamples"/> (16 KB): a monitor checked every 10 s with a
/// 15 min window holds 90. Past the cap the oldest results drop out, so a window of a monitor checked more often than
/// 1,000 times per window is judged on its latest 1,000 results. Judging copies at most 1,000 latencies to the stack.
/// If both rules change on one result, the second is reported with the next result.
/// </remarks>
public sealed class CheckThresholds
{
    public const int MaxSamples = AlertRulesReader.MaxSamples;

    private readonly ConcurrentDictionary<Guid, Window> _monitors = new();

    /// <summary>Monitors tracked now.</summary>
    public int Count => _monitors.Count;

    public ThresholdEvent? Observe(Guid monitor, DateTimeOffset at, TimeSpan latency, bool failed, AlertRules rules)
    {
        if (rules.Latency is null && rules.FailureRate is null)
        {
            _monitors.TryRemove(monitor, out _); // rules removed: forget the window (no allocation when untracked)
            return null;
        }
        var window = _monitors.GetOrAdd(monitor, static _ => new Window());
        lock (window)
        {
            var horizon = Max(rules.Latency?.Window, rules.FailureRate?.Window);
            window.DropBefore((at - horizon).UtcTicks);
            window.Add(new Sample(at.UtcTicks, (float)latency.TotalMilliseconds, failed));
            ThresholdEvent? change = null;
            if (rules.Latency is { } latencyRule)
                change = JudgeLatency(window, latencyRule, at);
            else
                window.LatencyBreached = false;
            if (rules.FailureRate is { } rateRule)
                change ??= JudgeFailureRate(window, rateRule, at);
            else
                window.FailureBreached = false;
            return change;
        }
    }

    /// <summary>Forgets a monitor (deleted or paused); a breach it had is not reported as cleared.</summary>
    public void Remove(Guid monitor) => _monitors.TryRemove(monitor, out _);

    private static ThresholdEvent? JudgeLatency(Window window, LatencyRule rule, DateTimeOffset at)
    {
        Span<float> latencies = stackalloc float[MaxSamples];
        var count = window.SuccessfulLatencies((at - rule.Window).UtcTicks, latencies);
        if (count < rule.MinSamples)
            return null;
        var inWindow = latencies[..count];
        inWindow.Sort();
        var p95 = inWindow[(int)Math.Ceiling(0.95 * count) - 1]; // nearest rank
        var limit = rule.Above.TotalMilliseconds;
        var above = p95 > limit;
        if (above == window.LatencyBreached)
            return null;
        window.LatencyBreached = above;
        return new ThresholdEvent(ThresholdKind.LatencyP95, above ? ThresholdChange.Breached : ThresholdChange.Cleared, Math.Round(p95, 1), limit, rule.Window, count);
    }

    private static ThresholdEvent? JudgeFailureRate(Window window, FailureRateRule rule, DateTimeOffset at)
    {
        var (total, failures) = window.Count((at - rule.Window).UtcTicks);
        if (total < rule.MinSamples)
            return null;
        var percent = 100.0 * failures / total;
        var above = percent > rule.AbovePercent;
        if (above == window.FailureBreached)
            return null;
        window.FailureBreached = above;
        return new ThresholdEvent(ThresholdKind.FailureRate, above ? ThresholdChange.Breached : ThresholdChange.Cleared, Math.Round(percent, 1), rule.AbovePercent, rule.Window, total);
    }

    private static TimeSpan Max(TimeSpan? a, TimeSpan? b) => (a ?? TimeSpan.Zero) > (b ?? TimeSpan.Zero) ? a!.Value : b!.Value;

    private readonly record struct Sample(long AtTicks, float LatencyMs, bool Failed);

    /// <summary>One monitor's recent results, oldest first, in a ring that grows up to <see cref="MaxSamples"/>.</summary>
    private sealed class Window
    {
        private Sample[] _ring = new Sample[8];
        private int _start;
        private int _count;

        public bool LatencyBreached { get; set; }
        public bool FailureBreached { get; set; }

        public void Add(Sample sample)
        {
            if (_count == _ring.Length)
            {
                if (_ring.Length < MaxSamples)
                    Grow();
                else
                {
                    _start = (_start + 1) % _ring.Length; // full at the cap: the oldest drops out
                    _count--;
                }
            }
            _ring[(_start + _count) % _ring.Length] = sample;
            _count++;
        }

        /// <summary>Drops results at or before <paramref name="ticks"/> (outside every window).</summary>
        public void DropBefore(long ticks)
        {
            while (_count > 0 && _ring[_start].AtTicks <= ticks)
            {
                _start = (_start + 1) % _ring.Length;
                _count--;
            }
        }

        /// <summary>Copies latencies of successful results after <paramref name="fromTicks"/>; returns how many.</summary>
        public int SuccessfulLatencies(long fromTicks, Span<float> into)
        {
            var n = 0;
            for (var i = _count - 1; i >= 0; i--)
            {
                ref readonly var s = ref _ring[(_start + i) % _ring.Length];
                if (s.AtTicks <= fromTicks)
                    break;
                if (!s.Failed)
                    into[n++] = s.LatencyMs;
            }
            return n;
        }

        public (int Total, int Failures) Count(long fromTicks)
        {
            var (total, failures) = (0, 0);
            for (var i = _count - 1; i >= 0; i--)
            {
                ref readonly var s = ref _ring[(_start + i) % _ring.Length];
                if (s.AtTicks <= fromTicks)
                    break;
                total++;
                if (s.Failed)
                    failures++;
            }
            return (total, failures);
        }

        private void Grow()
        {
            var bigger = new Sample[Math.Min(_ring.Length * 2, MaxSamples)];
            for (var i = 0; i < _count; i++)
                bigger[i] = _ring[(_start + i) % _ring.Length];
            _ring = bigger;
            _start = 0;
        }
    }
}
