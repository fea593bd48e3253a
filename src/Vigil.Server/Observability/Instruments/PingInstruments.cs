using System.Diagnostics;
using System.Diagnostics.Metrics;
using Vigil.Core.Pings;

namespace Vigil.Server.Observability.Instruments;

/// <summary>What became of each ping, and how long answering it took (including the wait for its commit).</summary>
public sealed class PingInstruments
{
    private readonly Counter<long> _pings;
    private readonly Histogram<double> _duration;

    public PingInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(MeterNames.Pings);
        _pings = meter.CreateCounter<long>("vigil.pings", "{ping}", "Pings received, by kind and outcome");
        _duration = meter.CreateHistogram<double>("vigil.ping.duration", "s", "Time from a ping's arrival to its answer, including the wait for its commit");
    }

    /// <summary>Counts one ping URL request; <paramref name="started"/> is its Stopwatch timestamp on arrival.</summary>
    public void Handled(PingKind? kind, string outcome, long started)
    {
        var kindName = KindName(kind);
        _pings.Add(1, new("kind", kindName), new("outcome", outcome));
        _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("kind", kindName));
    }

    /// <summary>Counts <paramref name="count"/> pings of a batch with the same kind and outcome (the batch's request
    /// time is the HTTP server histogram's). A batch adds per kind and outcome, not per ping: a tagged Add costs a
    /// lookup of its tag set, a thousand times per request otherwise.</summary>
    public void Counted(PingKind? kind, string outcome, long count = 1) => _pings.Add(count, new("kind", KindName(kind)), new("outcome", outcome));

    // "unknown" when the path did not parse far enough to tell.
    private static string KindName(PingKind? kind) => kind?.ToName() ?? "unknown";
}
