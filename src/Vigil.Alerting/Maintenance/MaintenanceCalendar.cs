using System.Collections.Concurrent;

namespace Vigil.Alerting.Maintenance;

/// <summary>
/// Answers "is this monitor in maintenance, or silenced, at time T?" for the alert pipeline, and lists the maintenance
/// periods that covered a monitor for uptime reports. Thread-safe: windows live in an immutable snapshot (indexed by
/// monitor id and by tag) that changes swap whole, so lookups take no lock and allocate nothing; silences live in a
/// concurrent map keyed by monitor id.
/// </summary>
public sealed class MaintenanceCalendar
{
    /// <summary>The most periods one <see cref="Periods"/> call returns unless told otherwise.</summary>
    public const int MaxPeriods = 10_000;

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<Guid, Silence> _silences = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>Every window, oldest first.</summary>
    public IReadOnlyList<MaintenanceWindow> Windows => _snapshot.Windows;

    public bool TryGetWindow(Guid id, out MaintenanceWindow window) => _snapshot.ById.TryGetValue(id, out window!);

    /// <summary>Replaces all windows and silences (start-up).</summary>
    public void Load(IEnumerable<MaintenanceWindow> windows, IEnumerable<Silence> silences)
    {
        lock (_gate)
        {
            _snapshot = new Snapshot([.. windows]);
            _silences.Clear();
            foreach (var silence in silences)
                _silences[silence.MonitorId] = silence;
        }
    }

    /// <summary>Adds a window, or replaces the one with its id.</summary>
    public void Set(MaintenanceWindow window)
    {
        lock (_gate)
        {
            var windows = _snapshot.Windows.ToList();
            var index = windows.FindIndex(w => w.Id == window.Id);
            if (index >= 0)
                windows[index] = window;
            else
                windows.Add(window);
            _snapshot = new Snapshot(windows);
        }
    }

    public bool Remove(Guid windowId)
    {
        lock (_gate)
        {
            if (!_snapshot.ById.ContainsKey(windowId))
                return false;
            _snapshot = new Snapshot([.. _snapshot.Windows.Where(w => w.Id != windowId)]);
            return true;
        }
    }

    /// <summary>
    /// True when a window that names the monitor (by id, by one of <paramref name="tags"/>, or as every monitor) is open at
    /// <paramref name="at"/>; <paramref name="window"/> is the first such window. Looks only at windows that name the
    /// monitor; each answers from its cache while the time stays within the span its last answer holds for (until it next
    /// opens or closes), else with one cron search. Allocates nothing.
    /// </summary>
    public bool Covers(Guid monitorId, IReadOnlyList<string> tags, DateTimeOffset at, out MaintenanceWindow? window)
    {
        var snapshot = _snapshot;
        if (snapshot.ByMonitor.TryGetValue(monitorId, out var named) && FirstOpen(named, at, out window))
            return true;
        for (var i = 0; i < tags.Count; i++)
            if (snapshot.ByTag.TryGetValue(tags[i], out var tagged) && FirstOpen(tagged, at, out window))
                return true;
        return FirstOpen(snapshot.ForAll, at, out window);
    }

    /// <summary>
    /// The concrete intervals of every window that names the monitor, overlapping [<paramref name="from"/>,
    /// <paramref name="to"/>): recurring windows expanded, each clipped to the range, ordered by start, at most
    /// <paramref name="limit"/> (the earliest). Periods of different windows may overlap; see <see cref="MaintenancePeriod.Covered"/>.
    /// </summary>
    public IReadOnlyList<MaintenancePeriod> Periods(Guid monitorId, IReadOnlyList<string> tags, DateTimeOffset from, DateTimeOffset to, int limit = MaxPeriods)
    {
        if (limit <= 0 || from >= to)
            return [];
        var periods = new List<MaintenancePeriod>();
        var intervals = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var window in _snapshot.Windows)
        {
            if (!window.AppliesTo(monitorId, tags))
                continue;
            intervals.Clear();
            window.Schedule.AddIntervals(from, to, limit, intervals);
            foreach (var (start, end) in intervals)
                periods.Add(new MaintenancePeriod(window.Id, window.Name, start, end));
        }
        periods.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        if (periods.Count > limit)
            periods.RemoveRange(limit, periods.Count - limit);
        return periods;
    }

    /// <summary>True when the monitor has a silence in force at <paramref name="at"/>. Allocates nothing.</summary>
    public bool IsSilenced(Guid monitorId, DateTimeOffset at, out Silence? silence)
    {
        if (_silences.TryGetValue(monitorId, out var found) && found.ActiveAt(at))
        {
            silence = found;
            return true;
        }
        silence = null;
        return false;
    }

    /// <summary>When the monitor's silence ends, or null when it has none in force at <paramref name="at"/> (for a monitor view's "silenced_until").</summary>
    public DateTimeOffset? SilencedUntil(Guid monitorId, DateTimeOffset at) =>
        IsSilenced(monitorId, at, out var silence) ? silence!.Until : null;

    /// <summary>Silences a monitor, replacing its earlier silence.</summary>
    public void SetSilence(Silence silence) => _silences[silence.MonitorId] = silence;

    public bool Unsilence(Guid monitorId) => _silences.TryRemove(monitorId, out _);

    /// <summary>Forgets silences that ended at or before <paramref name="now"/>, or whose monitor <paramref name="keep"/>
    /// rejects (deleted); returns the monitors whose silence was dropped.</summary>
    public IReadOnlyList<Guid> RemoveSilences(DateTimeOffset now, Func<Guid, bool>? keep = null)
    {
        var removed = new List<Guid>();
        foreach (var (monitorId, silence) in _silences)
            if ((!silence.ActiveAt(now) || keep?.Invoke(monitorId) == false) && _silences.TryRemove(new KeyValuePair<Guid, Silence>(monitorId, silence)))
                removed.Add(monitorId);
        return removed;
    }

    /// <summary>Every silence held, expired ones included until they are removed.</summary>
    public IReadOnlyCollection<Silence> Silences => [.. _silences.Values];

    private static bool FirstOpen(Entry[] entries, DateTimeOffset at, out MaintenanceWindow? window)
    {
        foreach (var entry in entries)
        {
            if (!entry.Cache.TryGet(at, out var open))
            {
                open = entry.Window.Schedule.Covers(at, out var holdsUntil);
                entry.Cache.Set(at, holdsUntil, open);
            }
            if (open)
            {
                window = entry.Window;
                return true;
            }
        }
        window = null;
        return false;
    }

    /// <summary>A window with its cached answer; one per window per snapshot, shared by every index that holds it.</summary>
    private sealed record Entry(MaintenanceWindow Window, CoverCache Cache);

    /// <summary>The windows and their indexes, built once per change and never modified.</summary>
    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = new([]);

        public Snapshot(List<MaintenanceWindow> windows)
        {
            Windows = windows;
            ById = windows.ToDictionary(w => w.Id);
            var entries = windows.Select(w => new Entry(w, new CoverCache())).ToList();
            ForAll = [.. entries.Where(e => e.Window.All)];
            var byMonitor = new Dictionary<Guid, List<Entry>>();
            var byTag = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
            foreach (var entry in entries.Where(e => !e.Window.All))
            {
                foreach (var id in entry.Window.MonitorIds.Distinct())
                    (byMonitor.TryGetValue(id, out var list) ? list : byMonitor[id] = []).Add(entry);
                foreach (var tag in entry.Window.Tags.Distinct(StringComparer.Ordinal))
                    (byTag.TryGetValue(tag, out var list) ? list : byTag[tag] = []).Add(entry);
            }
            ByMonitor = byMonitor.ToDictionary(p => p.Key, p => p.Value.ToArray());
            ByTag = byTag.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        }

        public IReadOnlyList<MaintenanceWindow> Windows { get; }
        public Dictionary<Guid, MaintenanceWindow> ById { get; }
        public Entry[] ForAll { get; }
        public Dictionary<Guid, Entry[]> ByMonitor { get; }
        public Dictionary<string, Entry[]> ByTag { get; }
    }
}
