using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Core.States;

namespace Vigil.Benchmarks;

/// <summary>An engine sink that stores nothing: the benchmarks measure the page, not storage.</summary>
internal sealed class NullSink : IEventSink
{
    public bool HasRoom => true;
    public Task Append(in PingEvent ping) => Task.CompletedTask;
    public Task Append(Flip flip) => Task.CompletedTask;
    public Task Append(CheckResult result) => Task.CompletedTask;
    public Task Append(AlertNotice notice) => Task.CompletedTask;
}
