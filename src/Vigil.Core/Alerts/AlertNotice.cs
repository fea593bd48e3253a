namespace Vigil.Core.Alerts;

/// <summary>
/// Something worth an alert that is not a status change: a run that took too long or too short, a ping far too early,
/// a check-result threshold crossed or back under, or trouble in Vigil itself (<see cref="MonitorSeq"/> 0).
/// It travels to storage like a flip, so it lands in the alert outbox in the same transaction.
/// </summary>
/// <param name="Kind">A short snake_case name (run_too_long, latency_p95, …); see <see cref="NoticeKinds"/>.</param>
/// <param name="Resolves">True when it says a earlier notice of the same kind is over (a threshold back under its limit).</param>
public sealed record AlertNotice(Guid MonitorId, long MonitorSeq, DateTimeOffset At, string Kind, string Reason, bool Resolves = false)
{
    public bool IsSystem => MonitorSeq == 0;

    public static AlertNotice System(DateTimeOffset at, string kind, string reason, bool resolves = false) =>
        new(Guid.Empty, 0, at, kind, reason, resolves);
}

/// <summary>The notice kinds Vigil raises; stored as text, so never rename one.</summary>
public static class NoticeKinds
{
    public const string RunTooLong = "run_too_long";
    public const string RunTooShort = "run_too_short";
    public const string TooEarly = "too_early";
    public const string LatencyP95 = "latency_p95";
    public const string FailureRate = "failure_rate";
    public const string Performance = "performance_threshold";
    public const string WriteQueue = "write_queue_saturated";
    public const string Storage = "storage_errors";
    public const string PingsRefused = "pings_refused";
}
