using System.Diagnostics.Metrics;
using Vigil.Alerting.Channels;
using Vigil.Core.Metering;

namespace Vigil.Alerting.Dispatch;

/// <summary>What the delivery worker counts: attempts by outcome, their duration, and deliveries that went dead.</summary>
public sealed class DeliveryStats
{
    private static readonly KeyValuePair<string, object?>[][] OutcomeTags =
    [
        [new("outcome", "delivered")], [new("outcome", "retry")], [new("outcome", "failed")],
    ];

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _dead;
    private readonly Histogram<double> _duration;
    private long _delivered;
    private long _deadCount;

    public DeliveryStats(Meter? meter = null)
    {
        meter ??= UnlistenedMeter.Instance;
        _attempts = meter.CreateCounter<long>("vigil.alerts.attempts", "{attempt}", "Alert send attempts, by outcome");
        _dead = meter.CreateCounter<long>("vigil.alerts.dead", "{delivery}", "Alert deliveries given up (the dead letter)");
        _duration = meter.CreateHistogram<double>("vigil.alerts.send.duration", "s", "Time one alert send attempt took");
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Dead => Interlocked.Read(ref _deadCount);

    internal void Attempted(DeliveryOutcome outcome, TimeSpan took)
    {
        _attempts.Add(1, OutcomeTags[(int)outcome]);
        _duration.Record(took.TotalSeconds);
        if (outcome == DeliveryOutcome.Delivered)
            Interlocked.Increment(ref _delivered);
    }

    internal void WentDead()
    {
        _dead.Add(1);
        Interlocked.Increment(ref _deadCount);
    }
}
