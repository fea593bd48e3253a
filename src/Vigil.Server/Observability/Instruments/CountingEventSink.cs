using System.Diagnostics.Metrics;
using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Core.States;

namespace Vigil.Server.Observability.Instruments;

/// <summary>
/// Stands between the engines and the writer to count state changes: every flip, heartbeat or check, passes here
/// on its way to storage.
/// </summary>
public sealed class CountingEventSink : IEventSink
{
    private readonly IEventSink _inner;
    private readonly Counter<long> _changes;

    public CountingEventSink(IEventSink inner, Meter meter)
    {
        _inner = inner;
        _changes = meter.CreateCounter<long>("vigil.state_changes", "{change}", "Monitor status changes, by the status entered");
    }

    public bool HasRoom => _inner.HasRoom;

    public Task Append(in PingEvent ping) => _inner.Append(ping);

    public Task Append(CheckResult result) => _inner.Append(result);

    public Task Append(AlertNotice notice) => _inner.Append(notice);

    public Task Append(Flip flip)
    {
        _changes.Add(1, new KeyValuePair<string, object?>("to", flip.To.ToName()));
        return _inner.Append(flip);
    }
}
