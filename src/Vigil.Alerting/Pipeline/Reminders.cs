namespace Vigil.Alerting.Pipeline;

/// <summary>When each monitor that is down and was told so is next reminded. Holds only such monitors.</summary>
internal sealed class Reminders
{
    private readonly Dictionary<Guid, (DateTimeOffset Next, DateTimeOffset DownSince)> _due = [];

    /// <summary>Reminds at <paramref name="next"/> while the monitor's down spell that began at <paramref name="downSince"/> lasts.</summary>
    public void Schedule(Guid monitor, DateTimeOffset next, DateTimeOffset downSince) => _due[monitor] = (next, downSince);

    public void Cancel(Guid monitor) => _due.Remove(monitor);

    /// <summary>The reminders due by <paramref name="now"/>; nothing is allocated on the (usual) second with none.</summary>
    public IEnumerable<(Guid Monitor, DateTimeOffset DownSince)> Due(DateTimeOffset now) =>
        _due.Count == 0 ? [] : _due.Where(r => r.Value.Next <= now).Select(r => (r.Key, r.Value.DownSince)).ToList();
}
