using Vigil.Core.Checks;
using Vigil.Core.Monitors;
using Vigil.Core.States;

namespace Vigil.Core.Runtime;

/// <summary>
/// The live state of one monitor. Pings touch it without any lock shared between monitors: the common success
/// ping is a few interlocked writes. Status changes take this monitor's own lock so that they are ordered.
/// Times are UTC ticks; 0 means "never".
/// </summary>
public sealed class MonitorRuntime
{
    private MonitorDefinition _definition;
    private long _lastPing;
    private long _lastSuccess;
    private long _statusChanged; // ticks, not a DateTimeOffset?: 8 bytes instead of 24, a million times over
    private long _openStart;
    private string? _openRid;
    private long _pingCount;
    private int _status;
    private long _rateWindow;
    private int _rateCount;
    private ActiveCheckState? _active;

    public MonitorRuntime(MonitorRecord record)
    {
        Seq = record.Seq;
        _definition = record.Definition;
        var state = record.State;
        _status = (int)(record.Definition.Paused ? MonitorStatus.Paused : state.Status);
        _lastPing = Ticks(state.LastPingAt);
        _lastSuccess = Ticks(state.LastSuccessAt);
        _openStart = Ticks(state.OpenStartAt);
        _openRid = state.OpenRid;
        _pingCount = state.PingCount;
        _statusChanged = Ticks(state.StatusChangedAt);
    }

    public long Seq { get; }
    public Guid Id => _definition.Id;
    public MonitorDefinition Definition { get => Volatile.Read(ref _definition); set => Volatile.Write(ref _definition, value); }
    public MonitorStatus Status => (MonitorStatus)Volatile.Read(ref _status);
    public DateTimeOffset? StatusChangedAt => Time(Volatile.Read(ref _statusChanged));
    public DateTimeOffset? LastPingAt => Time(Volatile.Read(ref _lastPing));
    public DateTimeOffset? LastSuccessAt => Time(Volatile.Read(ref _lastSuccess));
    public DateTimeOffset? OpenStartAt => Time(Volatile.Read(ref _openStart));
    public string? OpenRid => Volatile.Read(ref _openRid);
    public long PingCount => Volatile.Read(ref _pingCount);

    /// <summary>The newest finished run of an active monitor; null for heartbeats and before the first run.</summary>
    public CheckResult? LastCheckResult
    {
        get => Volatile.Read(ref _active)?.LastResult;
        set => Active.LastResult = value;
    }

    // Only active monitors get one, so a million heartbeat monitors pay a single null reference for it.
    internal ActiveCheckState Active => _active ?? Interlocked.CompareExchange(ref _active, new ActiveCheckState(), null) ?? _active;

    // Owned by the deadline wheel's sweeper thread: the slot this monitor is filed under (0 = not filed).
    internal long WheelSlot;
    // Set when the monitor is deleted, so a copy still filed in the wheel is dropped.
    internal volatile bool Removed;
    // 1 while a re-check request sits in the wheel's inbox, so the inbox holds each monitor at most once.
    internal int InboxQueued;
    // Set once the open run's max_run_seconds notice went out; a new run clears it. Guarded by this monitor's lock.
    internal bool OverrunNoticed;

    /// <summary>Counts a ping against the per-monitor limit. Returns 0 if allowed, else the seconds until the window resets.</summary>
    public int TryTakeRateToken(long nowTicks, int limit, long windowTicks)
    {
        if (limit <= 0)
            return 0;
        var window = nowTicks - nowTicks % windowTicks;
        var current = Volatile.Read(ref _rateWindow);
        if (current != window && Interlocked.CompareExchange(ref _rateWindow, window, current) == current)
            Volatile.Write(ref _rateCount, 0);
        if (Interlocked.Increment(ref _rateCount) <= limit)
            return 0;
        return (int)Math.Max(1, (window + windowTicks - nowTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);
    }

    /// <summary>Retention removed stored pings of this monitor.</summary>
    public void ForgetPings(int count) => Interlocked.Add(ref _pingCount, -count);

    internal void NotePing(long atTicks)
    {
        MaxWrite(ref _lastPing, atTicks);
        Interlocked.Increment(ref _pingCount);
    }

    /// <summary>Records a success time. Interlocked, so it is a full fence before the caller reads the status.</summary>
    internal void NoteSuccess(long atTicks) => MaxWrite(ref _lastSuccess, atTicks);

    internal long LastSuccessTicks => Volatile.Read(ref _lastSuccess);
    internal long OpenStartTicks => Volatile.Read(ref _openStart);

    /// <summary>Opens a run (a start ping). Caller holds this monitor's lock.</summary>
    internal void OpenRun(long atTicks, string? rid)
    {
        OverrunNoticed = false;
        Volatile.Write(ref _openRid, rid);
        Volatile.Write(ref _openStart, atTicks);
    }

    /// <summary>Closes the open run if <paramref name="rid"/> matches it; returns its start, or 0. Caller holds the lock.</summary>
    internal long CloseRun(string? rid)
    {
        var start = Volatile.Read(ref _openStart);
        if (start == 0 || !string.Equals(rid, _openRid, StringComparison.Ordinal))
            return 0;
        Volatile.Write(ref _openStart, 0);
        Volatile.Write(ref _openRid, null);
        return start;
    }

    /// <summary>Sets the status; a full fence follows so a racing ping's write is seen by the caller's re-read.</summary>
    internal void SetStatus(MonitorStatus status, DateTimeOffset at)
    {
        Interlocked.Exchange(ref _status, (int)status);
        Volatile.Write(ref _statusChanged, at.UtcTicks);
    }

    /// <summary>Puts back a status that a racing ping made stale, without recording a change.</summary>
    internal void RestoreStatus(MonitorStatus status, DateTimeOffset? changedAt)
    {
        Interlocked.Exchange(ref _status, (int)status);
        Volatile.Write(ref _statusChanged, Ticks(changedAt));
    }

    private static void MaxWrite(ref long field, long value)
    {
        var current = Volatile.Read(ref field);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref field, value, current);
            if (seen == current)
                return;
            current = seen;
        }
        Interlocked.MemoryBarrier();
    }

    internal static long Ticks(DateTimeOffset? at) => at?.UtcTicks ?? 0;

    internal static DateTimeOffset? Time(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
