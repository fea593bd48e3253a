namespace Vigil.Server.Observability.Instruments;

/// <summary>The <c>outcome</c> label values of <c>vigil_pings_total</c>.</summary>
public static class PingOutcomes
{
    public const string Accepted = "accepted";
    public const string NotFound = "not_found";
    public const string NotHeartbeat = "not_heartbeat";
    public const string RateLimited = "rate_limited";
    public const string Backpressure = "rejected_backpressure";
    public const string Invalid = "invalid";
}
