using Vigil.Core.States;

namespace Vigil.Core.Monitors;

/// <summary>A monitor as storage holds it: its definition and the state it had when last written.</summary>
/// <param name="Seq">Storage's compact key for the monitor, used by the ping and flip rows.</param>
public sealed record MonitorRecord(long Seq, MonitorDefinition Definition, MonitorStateRecord State);

/// <summary>The persisted part of a monitor's runtime state.</summary>
public sealed record MonitorStateRecord(
    MonitorStatus Status,
    DateTimeOffset? StatusChangedAt,
    DateTimeOffset? LastPingAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? OpenStartAt,
    string? OpenRid,
    long PingCount)
{
    public static readonly MonitorStateRecord New = new(MonitorStatus.New, null, null, null, null, null, 0);
}
