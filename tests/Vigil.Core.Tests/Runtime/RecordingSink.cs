using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Core.States;

namespace Vigil.Core.Tests.Runtime;

/// <summary>An <see cref="IEventSink"/> that keeps everything in memory, in the order it was appended. Thread-safe.</summary>
internal sealed class RecordingSink : IEventSink
{
    private readonly Lock _gate = new();
    private readonly List<PingEvent> _pings = [];
    private readonly List<Flip> _flips = [];
    private readonly List<CheckResult> _results = [];
    private readonly List<AlertNotice> _notices = [];
    private volatile bool _hasRoom = true;

    public bool HasRoom { get => _hasRoom; set => _hasRoom = value; }

    public IReadOnlyList<PingEvent> Pings
    {
        get
        {
            lock (_gate)
                return [.. _pings];
        }
    }

    public IReadOnlyList<Flip> Flips
    {
        get
        {
            lock (_gate)
                return [.. _flips];
        }
    }

    public IReadOnlyList<CheckResult> Results
    {
        get
        {
            lock (_gate)
                return [.. _results];
        }
    }

    public Task Append(CheckResult result)
    {
        lock (_gate)
            _results.Add(result);
        return Task.CompletedTask;
    }

    public Task Append(in PingEvent ping)
    {
        lock (_gate)
            _pings.Add(ping);
        return Task.CompletedTask;
    }

    public Task Append(Flip flip)
    {
        lock (_gate)
            _flips.Add(flip);
        return Task.CompletedTask;
    }

    public IReadOnlyList<AlertNotice> Notices
    {
        get
        {
            lock (_gate)
                return [.. _notices];
        }
    }

    public Task Append(AlertNotice notice)
    {
        lock (_gate)
            _notices.Add(notice);
        return Task.CompletedTask;
    }
}
