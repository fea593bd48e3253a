using Vigil.Alerting.Channels;
using Vigil.Alerting.Maintenance;
using Vigil.Alerting.Rules;
using Vigil.Core.Runtime;
using Vigil.Core.States;
using Vigil.Storage.Alerts;

namespace Vigil.Alerting.Pipeline;

/// <summary>
/// Decides what each outbox entry becomes: which alert, to which channels, or why nobody is told (maintenance, a
/// silence, a parent that is down, flapping). Also raises the alerts time alone causes: reminders, "stable again"
/// after flapping, and storm summaries. Runs on the pipeline's one loop, so its state needs no locks.
/// </summary>
public sealed class AlertPolicy
{
    private readonly MonitorRegistry _monitors;
    private readonly AlertRuleDefaults _rules;
    private readonly ChannelDirectory _channels;
    private readonly MaintenanceCalendar _calendar;
    private readonly PolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<DateTimeOffset?> _lastPingRefusal;
    private readonly FlappingDetector _flapping = new();
    private readonly StormGuard _storm;
    private readonly Summaries _summaries = new();
    private readonly Reminders _reminders = new();
    // Monitors whose down spell was told to someone: only they get a recovery alert.
    private readonly HashSet<Guid> _toldDown = [];
    // Monitors down while their parent was: told once the parent recovers, if still down.
    private readonly HashSet<Guid> _heldForParent = [];
    // Monitors that went down in a maintenance window or a silence: told once it ends, if still down.
    private readonly HashSet<Guid> _heldQuiet = [];

    /// <param name="lastPingRefusal">When Vigil last refused a ping (write queue full, storage failing); null if never.</param>
    public AlertPolicy(MonitorRegistry monitors, AlertRuleDefaults rules, ChannelDirectory channels, MaintenanceCalendar calendar,
        PolicyOptions options, TimeProvider time, Func<DateTimeOffset?> lastPingRefusal)
    {
        _monitors = monitors;
        _rules = rules;
        _channels = channels;
        _calendar = calendar;
        _options = options;
        _time = time;
        _lastPingRefusal = lastPingRefusal;
        _storm = new StormGuard(time, options.StormPerMinute, options.ChannelPerMinute);
    }

    /// <summary>Picks up after a restart: who was told they are down, and when to remind them next.</summary>
    public void Resume(IReadOnlyDictionary<Guid, DateTimeOffset> lastDownAlerts)
    {
        foreach (var (id, at) in lastDownAlerts)
        {
            if (!_monitors.TryGet(id, out var monitor) || monitor.Status != MonitorStatus.Down || monitor.StatusChangedAt > at)
                continue;
            _toldDown.Add(id);
            if (_rules.EffectiveRules(monitor.Definition).RemindEvery is { } every)
                _reminders.Schedule(id, at + every, monitor.StatusChangedAt ?? at);
        }
    }

    /// <summary>Adds the alerts <paramref name="entry"/> causes to <paramref name="into"/> (none for most flips).</summary>
    public void Decide(OutboxEntry entry, List<NewAlert> into)
    {
        if (entry.MonitorId is not { } id)
        {
            into.Add(Alert(null, AlertKind.System, entry.Resolves ? "resolved" : "firing", entry.Reason, entry.At, null, SystemChannels()));
            return;
        }
        if (!_monitors.TryGet(id, out var monitor))
            return; // deleted since
        var rules = _rules.EffectiveRules(monitor.Definition);
        if (!entry.IsFlip)
        {
            Tell(monitor, AlertKind.Notice, entry.Reason, entry.At, into);
            return;
        }
        var kind = entry switch
        {
            { To: MonitorStatus.Down, From: not MonitorStatus.Down } when rules.OnDown => AlertKind.Down,
            { From: MonitorStatus.Down, To: MonitorStatus.Up or MonitorStatus.Degraded } => AlertKind.Up,
            _ => (AlertKind?)null,
        };
        if (kind is not { } k)
            return;
        if (k == AlertKind.Down && entry.Reason.StartsWith(HeartbeatEngine.MissedWhileDownPrefix, StringComparison.Ordinal))
        {
            // Missed while Vigil was not running: one summary per channel, not one message per monitor.
            _toldDown.Add(id);
            into.Add(Alert(monitor, AlertKind.Down, "down", entry.Reason, entry.At, null, ChannelsOf(monitor), fold: true));
            return;
        }
        if (k == AlertKind.Down && _lastPingRefusal() is { } refused && monitor.Definition.Check is null && refused >= (monitor.LastSuccessAt ?? DateTimeOffset.MinValue))
        {
            into.Add(Alert(monitor, AlertKind.Down, "down", entry.Reason, entry.At,
                $"not told: Vigil refused pings at {HeartbeatRules.Format(refused)} (write queue full or storage failing), so the job may have pinged", []));
            return;
        }
        if (rules.Flapping is { } flap)
        {
            switch (_flapping.Observe(id, entry.At, flap))
            {
                case FlapVerdict.Started:
                    _toldDown.Add(id);
                    Tell(monitor, AlertKind.Flapping, $"{flap.Changes} status changes within {flap.Window.TotalMinutes:0} min; quiet until it holds still that long (last: {entry.Reason})", entry.At, into);
                    return;
                case FlapVerdict.Suppressed:
                    into.Add(Alert(monitor, k, monitor.Status.ToName(), entry.Reason, entry.At, "not told: flapping", []));
                    return;
            }
        }
        if (k == AlertKind.Up)
        {
            _reminders.Cancel(id);
            _heldForParent.Remove(id);
            _heldQuiet.Remove(id);
            if (_toldDown.Remove(id) && rules.OnUp)
                Tell(monitor, AlertKind.Up, entry.Reason, entry.At, into);
            ChildrenStillDown(monitor, entry.At, into);
            return;
        }
        if (Tell(monitor, AlertKind.Down, entry.Reason, entry.At, into) && rules.RemindEvery is { } every)
            _reminders.Schedule(id, entry.At + every, entry.At);
    }

    /// <summary>Alerts time alone causes: reminders, flapping that settled, storm summaries whose minute is over.</summary>
    public void Tick(DateTimeOffset now, bool outboxDrained, List<NewAlert> into)
    {
        foreach (var (id, downSince) in _reminders.Due(now))
        {
            if (!_monitors.TryGet(id, out var monitor) || monitor.Status != MonitorStatus.Down || monitor.StatusChangedAt != downSince
                || _rules.EffectiveRules(monitor.Definition).RemindEvery is not { } every)
            {
                _reminders.Cancel(id);
                continue;
            }
            _reminders.Schedule(id, now + every, downSince);
            Tell(monitor, AlertKind.Reminder, $"down since {HeartbeatRules.Format(downSince)} ({Elapsed(now - downSince)})", now, into);
        }
        QuietEnded(now, into);
        foreach (var id in _flapping.Settled(now))
        {
            if (!_monitors.TryGet(id, out var monitor))
                continue;
            var down = monitor.Status == MonitorStatus.Down;
            if (!down)
                _toldDown.Remove(id);
            Tell(monitor, down ? AlertKind.Down : AlertKind.Up, $"stopped flapping; {monitor.Status.ToName()} since {HeartbeatRules.Format(monitor.StatusChangedAt ?? now)}", now, into);
        }
        _summaries.TakeDue(now, outboxDrained, now + _options.RetryFor, into);
    }

    /// <summary>After <paramref name="alerts"/> are committed: folded deliveries join their channel's summary.</summary>
    public void Committed(IReadOnlyList<NewAlert> alerts)
    {
        foreach (var alert in alerts)
            foreach (var delivery in alert.Deliveries)
                if (delivery.State == DeliveryState.Folded)
                    _summaries.Add(delivery.Channel, delivery.Id, AlertKinds.Parse(alert.Kind), Line(alert),
                        alert.Reason.StartsWith(HeartbeatEngine.MissedWhileDownPrefix, StringComparison.Ordinal), alert.CreatedAt);
    }

    /// <summary>A folded delivery found at start joins the next storm summary.</summary>
    public void Refold(OpenDelivery open) =>
        _summaries.Add(open.Channel, open.Id, AlertKinds.Parse(open.Kind), $"{NameOf(open.MonitorId)} {open.Kind}: {open.Reason}", restart: false, _time.GetUtcNow());

    /// <summary>The message a channel receives for a stored alert.</summary>
    public AlertMessage Message(Guid uid, Guid? monitorId, string kind, string status, string reason, DateTimeOffset at)
    {
        MonitorRuntime? monitor = null;
        if (monitorId is { } id)
            _monitors.TryGet(id, out monitor);
        var (name, slug) = monitor is not null ? (monitor.Definition.Name, monitor.Definition.Slug)
            : monitorId is null ? ("Vigil", "vigil") : ("(deleted monitor)", "");
        var link = _options.PublicUrl is { } url && monitorId is { } mid ? $"{url.TrimEnd('/')}/api/v1/monitors/{mid}" : null;
        return new AlertMessage(uid, AlertKinds.Parse(kind), monitorId ?? Guid.Empty, name, slug, status, reason, at, link);
    }

    public DateTimeOffset GiveUpAt(DateTimeOffset createdAt) => createdAt + _options.RetryFor;

    /// <summary>Tells a monitor's channels, unless it is in maintenance, silenced, or its parent is down. True if told.</summary>
    private bool Tell(MonitorRuntime monitor, AlertKind kind, string reason, DateTimeOffset at, List<NewAlert> into)
    {
        var status = monitor.Status.ToName();
        var quiet = QuietBecause(monitor, at);
        if (quiet is not null && kind == AlertKind.Down)
            _heldQuiet.Add(monitor.Id);
        if (quiet is null && kind is AlertKind.Down or AlertKind.Reminder or AlertKind.Notice && ParentDown(monitor) is { } parent)
        {
            quiet = $"not told: depends on {parent.Definition.Name}, which is down";
            if (kind == AlertKind.Down)
                _heldForParent.Add(monitor.Id);
        }
        into.Add(Alert(monitor, kind, status, reason, at, quiet, quiet is null ? ChannelsOf(monitor) : []));
        if (quiet is null && kind == AlertKind.Down)
            _toldDown.Add(monitor.Id);
        return quiet is null;
    }

    private string? QuietBecause(MonitorRuntime monitor, DateTimeOffset at)
    {
        var definition = monitor.Definition;
        if (_calendar.Covers(monitor.Id, definition.Tags, at, out var window))
            return $"not told: maintenance window {window!.Name}";
        if (_calendar.IsSilenced(monitor.Id, at, out var silence))
            return $"not told: silenced until {HeartbeatRules.Format(silence!.Until)}";
        return null;
    }

    /// <summary>A maintenance window or silence ended: monitors that went down inside it and still are, are told now.</summary>
    private void QuietEnded(DateTimeOffset now, List<NewAlert> into)
    {
        if (_heldQuiet.Count == 0)
            return;
        foreach (var id in _heldQuiet.ToList())
        {
            if (!_monitors.TryGet(id, out var monitor) || monitor.Status != MonitorStatus.Down)
                _heldQuiet.Remove(id);
            else if (QuietBecause(monitor, now) is null)
            {
                _heldQuiet.Remove(id);
                if (Tell(monitor, AlertKind.Down, $"still down after its maintenance window or silence ended (down since {HeartbeatRules.Format(monitor.StatusChangedAt ?? now)})", now, into)
                    && _rules.EffectiveRules(monitor.Definition).RemindEvery is { } every)
                    _reminders.Schedule(id, now + every, monitor.StatusChangedAt ?? now);
            }
        }
    }

    private MonitorRuntime? ParentDown(MonitorRuntime monitor) =>
        monitor.Definition.Parent is { } parentId && _monitors.TryGet(parentId, out var parent) && parent.Status == MonitorStatus.Down ? parent : null;

    /// <summary>The parent recovered: children still down, whose alerts it held, are told now.</summary>
    private void ChildrenStillDown(MonitorRuntime parent, DateTimeOffset at, List<NewAlert> into)
    {
        if (_heldForParent.Count == 0)
            return;
        foreach (var childId in _heldForParent.ToList())
        {
            if (!_monitors.TryGet(childId, out var child) || child.Definition.Parent != parent.Id)
                continue;
            _heldForParent.Remove(childId);
            if (child.Status == MonitorStatus.Down)
                Tell(child, AlertKind.Down, $"still down after {parent.Definition.Name}, which it depends on, recovered", at, into);
        }
    }

    private NewAlert Alert(MonitorRuntime? monitor, AlertKind kind, string status, string reason, DateTimeOffset at, string? suppressed,
        IReadOnlyList<Guid> channels, bool fold = false)
    {
        var now = _time.GetUtcNow();
        var giveUp = GiveUpAt(now);
        var deliveries = new NewDelivery[channels.Count];
        for (var i = 0; i < channels.Count; i++)
        {
            // Summaries and Vigil's own alerts always go out; everything else counts against the storm guard.
            var send = !fold && (kind is AlertKind.System || _storm.TryTake(channels[i]));
            deliveries[i] = new NewDelivery(channels[i], send ? DeliveryState.Pending : DeliveryState.Folded, giveUp);
        }
        return new NewAlert(Guid.CreateVersion7(now), monitor?.Id, AlertKinds.Name(kind), status, reason, at, now, suppressed, deliveries);
    }

    private IReadOnlyList<Guid> ChannelsOf(MonitorRuntime monitor) => Resolve(monitor.Definition.Channels);

    private IReadOnlyList<Guid> SystemChannels() =>
        _options.SystemChannels.Count > 0 ? Resolve(_options.SystemChannels) : [.. _channels.All.Select(c => c.Definition.Id)];

    private List<Guid> Resolve(IReadOnlyList<string> names)
    {
        var ids = new List<Guid>(names.Count);
        foreach (var name in names)
            if (_channels.TryResolve(name, out var channel) && !ids.Contains(channel.Definition.Id))
                ids.Add(channel.Definition.Id);
        return ids;
    }

    private string Line(NewAlert alert) => $"{NameOf(alert.MonitorId)} {alert.Kind}: {alert.Reason}";

    private string NameOf(Guid? id) => id is { } m && _monitors.TryGet(m, out var monitor) ? monitor.Definition.Name : "Vigil";

    private static string Elapsed(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0.#} d" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0} min";
}
