using Vigil.Storage.Alerts;

namespace Vigil.Alerting.Pipeline;

/// <summary>
/// Deliveries held back and told as one message per channel instead: by the storm guard (flushed once its minute is
/// over) or after a restart (flushed when the outbox has been read to its end). Memory stays bounded however many
/// are folded: a count per kind and the first few lines.
/// </summary>
internal sealed class Summaries
{
    private const int SampleLines = 10;

    private readonly Dictionary<(Guid Channel, bool Restart), Pending> _pending = [];

    public void Add(Guid channel, long deliveryId, AlertKind kind, string line, bool restart, DateTimeOffset at)
    {
        if (!_pending.TryGetValue((channel, restart), out var pending))
            _pending[(channel, restart)] = pending = new Pending(at);
        pending.Deliveries.Add(deliveryId);
        pending.ByKind[kind] = pending.ByKind.GetValueOrDefault(kind) + 1;
        if (pending.Lines.Count < SampleLines)
            pending.Lines.Add(line);
    }

    /// <summary>Summary alerts for the storm folds whose minute is over (and, when <paramref name="restartDone"/>, the restart folds).</summary>
    public void TakeDue(DateTimeOffset now, bool restartDone, DateTimeOffset giveUpAt, List<NewAlert> into)
    {
        if (_pending.Count == 0)
            return; // the pipeline asks every second: the usual answer costs nothing
        foreach (var ((channel, restart), pending) in _pending.ToList())
        {
            if (restart ? !restartDone : now - pending.Since < TimeSpan.FromMinutes(1))
                continue;
            _pending.Remove((channel, restart));
            into.Add(new NewAlert(Guid.CreateVersion7(now), null, AlertKinds.Name(AlertKind.Summary), restart ? "down" : "mixed",
                Describe(pending, restart), now, now, null, [new NewDelivery(channel, DeliveryState.Pending, giveUpAt)], pending.Deliveries));
        }
    }

    private static string Describe(Pending pending, bool restart)
    {
        var total = pending.Deliveries.Count;
        var head = restart
            ? $"{total} monitor{(total == 1 ? "" : "s")} missed their deadline while Vigil was not running"
            : $"{total} alert{(total == 1 ? "" : "s")} in one minute ({string.Join(", ", pending.ByKind.Select(k => $"{k.Value} {AlertKinds.Name(k.Key)}"))}), held back by the storm guard";
        var more = total > pending.Lines.Count ? $"; and {total - pending.Lines.Count} more" : "";
        return $"{head}: {string.Join("; ", pending.Lines)}{more}";
    }

    private sealed class Pending(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;
        public List<long> Deliveries { get; } = [];
        public Dictionary<AlertKind, int> ByKind { get; } = [];
        public List<string> Lines { get; } = [];
    }
}
