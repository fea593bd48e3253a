namespace Vigil.Core.Checks;

/// <summary>One finished check run, as stored and shown.</summary>
/// <param name="Latency">The time the probe measured (the whole request for HTTP, the query for a database).</param>
/// <param name="Message">Short and human: "HTTP 503", "connection refused", "body does not contain 'ok'".</param>
public sealed record CheckResult(
    Guid MonitorId,
    long MonitorSeq,
    DateTimeOffset At,
    CheckStatus Status,
    TimeSpan Latency,
    CheckError Error,
    string Message,
    PhaseTimings? Phases);
