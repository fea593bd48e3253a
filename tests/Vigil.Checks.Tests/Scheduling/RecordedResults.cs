using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Core.States;

namespace Vigil.Checks.Tests.Scheduling;

/// <summary>An <see cref="IEventSink"/> that keeps what the check engine stores, in memory.</summary>
internal sealed class RecordedResults : IEventSink
{
    private readonly Lock _gate = new();
    private readonly List<CheckResult> _results = [];
    private readonly List<Flip> _flips = [];

    public bool HasRoom => true;

    public IReadOnlyList<CheckResult> Results
    {
        get
        {
            lock (_gate)
                return [.. _results];
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

    public Task Append(CheckResult result)
    {
        lock (_gate)
            _results.Add(result);
        return Task.CompletedTask;
    }

    public Task Append(Flip flip)
    {
        lock (_gate)
            _flips.Add(flip);
        return Task.CompletedTask;
    }

    public Task Append(in PingEvent ping) => throw new InvalidOperationException("active checks never store pings");

    public Task Append(AlertNotice notice) => Task.CompletedTask; // the scheduler tests are about runs, not alerts
}
