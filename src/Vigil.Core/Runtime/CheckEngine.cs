using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.States;

namespace Vigil.Core.Runtime;

/// <summary>
/// Applies finished check runs to active monitors: stores each result and moves the status by <see cref="CheckRules"/>.
/// A result that finds the write queue full is not stored (and counted), but still judged: a full queue is Vigil's
/// problem and must not hide, or invent, an outage. A <paramref name="watch"/> may turn results into alert notices.
/// </summary>
public sealed class CheckEngine(IEventSink sink, ICheckResultWatch? watch = null)
{
    private long _notStored;

    /// <summary>Results dropped because the write queue was full.</summary>
    public long ResultsNotStored => Interlocked.Read(ref _notStored);

    /// <summary>Records <paramref name="result"/> on <paramref name="monitor"/>. Returns the commit of what was queued.</summary>
    public Task Record(MonitorRuntime monitor, CheckResult result)
    {
        lock (monitor)
        {
            var spec = monitor.Definition.Check;
            if (monitor.Removed || spec is null || monitor.Status == MonitorStatus.Paused)
                return Task.CompletedTask;
            var state = monitor.Active;
            state.LastResult = result;
            Task stored;
            if (sink.HasRoom)
                stored = sink.Append(result);
            else
            {
                Interlocked.Increment(ref _notStored);
                stored = Task.CompletedTask;
            }

            if (watch?.Observe(monitor, result) is { } notice)
                _ = sink.Append(notice);

            var from = monitor.Status;
            var to = CheckRules.Next(from, result.Status, result.Error, ref state.Streaks, spec.FailuresBeforeDown, spec.SuccessesBeforeUp);
            if (to == from)
                return stored;
            var at = monitor.StatusChangedAt is { } changed && changed > result.At ? changed : result.At; // flip times stay in order
            monitor.SetStatus(to, at);
            return sink.Append(new Flip(monitor.Id, monitor.Seq, at, from, to, Reason(to, result, spec)));
        }
    }

    private static string Reason(MonitorStatus to, CheckResult result, CheckSpec spec) => to switch
    {
        MonitorStatus.Down => spec.FailuresBeforeDown > 1
            ? $"{spec.FailuresBeforeDown} failed checks in a row; last: {result.Error.ToName()}: {result.Message}"
            : $"check failed: {result.Error.ToName()}: {result.Message}",
        MonitorStatus.Degraded => $"slow: {result.Latency.TotalMilliseconds:0} ms, degraded above {spec.DegradedAfter?.TotalMilliseconds:0} ms",
        _ => $"check passed: {result.Message}",
    };
}
