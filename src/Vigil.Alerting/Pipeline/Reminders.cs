namespace Vigil.Alerting.Pipeline;

/// <summary>When each monitor that is down and was told so is next reminded. Holds only such monitors.</summary>
internal sealed class Reminders
{
    private readonly Dictionary<Guid, (DateTimeOffset Next, DateTimeOffset DownSince)> _due = [];

    public int Count => _due.Count;

    /// <summary>Reminds at <paramref name="next"/> while the monitor's down spell that began at <paramref name="downSince"/> lasts.</summary>
    public void Schedule(Guid monitor, DateTimeOffset next, DateTimeOffset downSince) => _due[monitor] = (next, downSince);

    public void Cancel(Guid monitor) => _due.Remove(monitor);

    public IEnumerable<(Guid Monitor, DateTimeOffset DownSince)> Due(DateTimeOffset now) =>
        _due.Where(r => r.Value.Next <= now).Select(r => (r.Key, r.Value.DownSince)).ToList();
}
