namespace Vigil.Core.Pings;

/// <summary>
/// One received ping, as it is stored. A struct so that recording a ping allocates nothing
/// beyond the strings the request itself carried.
/// </summary>
/// <param name="ExitStatus">The exit status from <c>/ping/{uuid}/{n}</c>, or -1 when none was given.</param>
/// <param name="DurationMs">Run time from the matching start ping, or -1 when there is none.</param>
public readonly record struct PingEvent(
    Guid MonitorId,
    long MonitorSeq,
    DateTimeOffset At,
    PingKind Kind,
    short ExitStatus,
    long DurationMs,
    string? Rid,
    string? Body,
    bool BodyTruncated,
    PingSource Source);

/// <summary>Who sent a ping, kept for the ping log.</summary>
public readonly record struct PingSource(string Method, string? RemoteAddress, string? UserAgent)
{
    public static readonly PingSource Batch = new("BATCH", null, null);
}
