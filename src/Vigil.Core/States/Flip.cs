namespace Vigil.Core.States;

/// <summary>A recorded state change: the monitor went from <see cref="From"/> to <see cref="To"/> at <see cref="At"/>, because of <see cref="Reason"/>.</summary>
public sealed record Flip(Guid MonitorId, long MonitorSeq, DateTimeOffset At, MonitorStatus From, MonitorStatus To, string Reason);
