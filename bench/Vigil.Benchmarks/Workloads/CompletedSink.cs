using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Core.States;

namespace Vigil.Benchmarks.Workloads;

/// <summary>
/// An engine sink whose every write completes at once and is counted: the in-memory cost of recording, without
/// storage. <see cref="WaitForResults"/> lets a workload wait for runs that finish on other threads.
/// </summary>
public sealed class CompletedSink : IEventSink
{
    private long _pings;
    private long _flips;
    private long _results;

    public bool HasRoom => true;

    public long Pings => Volatile.Read(ref _pings);
    public long Flips => Volatile.Read(ref _flips);
    public long Results => Volatile.Read(ref _results);

    public Task Append(in PingEvent ping)
    {
        Interlocked.Increment(ref _pings);
        return Task.CompletedTask;
    }

    public Task Append(Flip flip)
    {
        Interlocked.Increment(ref _flips);
        return Task.CompletedTask;
    }

    public Task Append(CheckResult result)
    {
        Interlocked.Increment(ref _results);
        return Task.CompletedTask;
    }

    public Task Append(AlertNotice notice) => Task.CompletedTask;

    /// <summary>Spins (then yields) until at least <paramref name="count"/> check results arrived; throws after 30 s.</summary>
    public void WaitForResults(long count)
    {
        var spin = new SpinWait();
        var deadline = Environment.TickCount64 + 30_000;
        while (Results < count)
        {
            spin.SpinOnce(sleep1Threshold: -1);
            if (Environment.TickCount64 > deadline)
                throw new TimeoutException($"{Results} of {count} check results arrived in 30 s");
        }
    }
}
