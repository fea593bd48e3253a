using Vigil.Core.Pings;
using Vigil.Core.States;

namespace Vigil.Storage;

/// <summary>A stored ping, as the API lists it.</summary>
public sealed record StoredPing(
    long Id, DateTimeOffset At, PingKind Kind, int? ExitStatus, long? DurationMs, string? Rid,
    string? Body, bool BodyTruncated, string? Method, string? RemoteAddress, string? UserAgent);

/// <summary>A stored state change, as the API lists it.</summary>
public sealed record StoredFlip(long Id, DateTimeOffset At, MonitorStatus From, MonitorStatus To, string Reason);
