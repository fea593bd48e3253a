namespace Vigil.Server.Observability.Metrics;

/// <summary>The <c>metrics:</c> settings.</summary>
/// <param name="Enabled">Serve /metrics (404 when off).</param>
/// <param name="RefreshIntervalMs">The page is rebuilt at most this often, lazily on a scrape (0..60000; 0 = every scrape).</param>
/// <param name="PerMonitor">Write the per-monitor series (vigil_monitor_up, ...).</param>
/// <param name="MaxSeries">At most this many per-monitor series in all (0..10,000,000); the rest are counted as dropped.</param>
/// <param name="BearerToken">When set, /metrics needs <c>Authorization: Bearer &lt;token&gt;</c>.</param>
public sealed record MetricsOptions(
    bool Enabled = true,
    int RefreshIntervalMs = 1000,
    bool PerMonitor = false,
    int MaxSeries = 50_000,
    string? BearerToken = null)
{
    public const int MaxRefreshIntervalMs = 60_000;
    public const int MaxMaxSeries = 10_000_000;

    public static readonly MetricsOptions Default = new();

    public TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(RefreshIntervalMs);

    /// <summary>Throws when a value is out of its documented range (the YAML loader reports these per key first).</summary>
    public MetricsOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(RefreshIntervalMs, "metrics.refresh_interval_ms");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RefreshIntervalMs, MaxRefreshIntervalMs, "metrics.refresh_interval_ms");
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSeries, "metrics.max_series");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSeries, MaxMaxSeries, "metrics.max_series");
        if (BearerToken is { Length: 0 })
            throw new ArgumentException("metrics.bearer_token: must not be empty when set", "metrics.bearer_token");
        return this;
    }
}
