namespace Vigil.Alerting.Dispatch;

/// <summary>How hard the worker tries; see docs/configuration.md (alerts.*).</summary>
/// <param name="RetryInitial">The first retry's delay; each next one doubles (with jitter) up to <paramref name="RetryMax"/>.</param>
/// <param name="RetryFor">How long after the alert a failing delivery is retried before it goes dead.</param>
public sealed record DeliveryOptions(TimeSpan RetryInitial, TimeSpan RetryMax, TimeSpan RetryFor, TimeSpan SendTimeout, int MaxConcurrentSends)
{
    public static readonly DeliveryOptions Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), TimeSpan.FromSeconds(10), 16);
}
