using Vigil.Core.Alerts;

namespace Vigil.Alerting.Rules;

/// <summary>What to do with one status change of a monitor that has a flapping rule.</summary>
public enum FlapVerdict
{
    /// <summary>Not flapping: alert as usual.</summary>
    Normal,
    /// <summary>This change reached the threshold: send one "flapping" alert instead of the usual one.</summary>
    Started,
    /// <summary>Already flapping: say nothing.</summary>
    Suppressed,
}

/// <summary>
/// Flapping: a monitor whose status changed <see cref="FlappingRule.Changes"/> times within the rule's window gets one
/// "flapping" alert, then silence until it has not changed for a whole window (<see cref="Settled"/>). Thread-safe.
/// Memory is bounded: a monitor is tracked only while it has a change inside its window, with at most
/// <see cref="FlappingRule.Changes"/> timestamps; <see cref="Settled"/> drops the rest.
/// </summary>
public sealed class FlappingDetector
{
    private readonly Dictionary<Guid, History> _monitors = [];
    private readonly Lock _lock = new();

    /// <summary>Monitors tracked now (for tests and gauges).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _monitors.Count;
        }
    }

    /// <summary>Records a status change of <paramref name="monitor"/> at <paramref name="at"/> and judges it.</summary>
    public FlapVerdict Observe(Guid monitor, DateTimeOffset at, FlappingRule rule)
    {
        lock (_lock)
        {
            if (!_monitors.TryGetValue(monitor, out var history))
                _monitors[monitor] = history = new History();
            history.Window = rule.Window;
            history.LastChange = at;
            var changes = history.Changes;
            while (changes.Count > 0 && (changes.Peek() <= at - rule.Window || changes.Count >= rule.Changes))
                changes.Dequeue(); // only the latest Changes - 1 inside the window can still count
            changes.Enqueue(at);
            if (history.Flapping)
                return FlapVerdict.Suppressed;
            if (changes.Count < rule.Changes)
                return FlapVerdict.Normal;
            history.Flapping = true;
            return FlapVerdict.Started;
        }
    }

    /// <summary>
    /// Monitors that were flapping and have not changed for their whole window by <paramref name="now"/>: each is
    /// returned once (send one "stable again" alert with its current status). Also forgets every monitor without a
    /// change inside its window, flapping or not.
    /// </summary>
    public IReadOnlyList<Guid> Settled(DateTimeOffset now)
    {
        List<Guid>? settled = null;
        lock (_lock)
        {
            foreach (var (monitor, history) in _monitors)
            {
                if (now - history.LastChange < history.Window)
                    continue;
                _monitors.Remove(monitor); // allowed while enumerating a Dictionary since .NET Core 3.0
                if (history.Flapping)
                    (settled ??= []).Add(monitor);
            }
        }
        return settled ?? (IReadOnlyList<Guid>)[];
    }

    /// <summary>Forgets a monitor (deleted, paused, or its rule removed).</summary>
    public void Remove(Guid monitor)
    {
        lock (_lock)
            _monitors.Remove(monitor);
    }

    public bool IsFlapping(Guid monitor)
    {
        lock (_lock)
            return _monitors.TryGetValue(monitor, out var history) && history.Flapping;
    }

    private sealed class History
    {
        public Queue<DateTimeOffset> Changes { get; } = new(4);
        public TimeSpan Window { get; set; }
        public DateTimeOffset LastChange { get; set; }
        public bool Flapping { get; set; }
    }
}
