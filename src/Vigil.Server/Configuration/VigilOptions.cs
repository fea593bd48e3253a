using Vigil.Core.Monitors;

using Vigil.Server.Observability.Metrics;
using Vigil.Server.Observability.Profiling;
using Vigil.Server.Observability.Resources;

namespace Vigil.Server.Configuration;

/// <summary>The whole server configuration, immutable once loaded. Each section's defaults live on its own type.</summary>
public sealed record VigilOptions
{
    /// <summary>The options an empty config file (and no overrides) gives.</summary>
    public static VigilOptions Default { get; } = new();

    public ServerOptions Server { get; init; } = new();
    public StorageOptions Storage { get; init; } = new();
    public PingOptions Pings { get; init; } = new();
    public DeadlineOptions Deadlines { get; init; } = new();
    public ChecksOptions Checks { get; init; } = new();
    public CachesOptions Caches { get; init; } = new();
    public AuthOptions Auth { get; init; } = new();
    public LoggingOptions Logging { get; init; } = new();
    public SamplingOptions Observability { get; init; } = new();
    public MetricsOptions Metrics { get; init; } = new();
    public ProfilingOptions Profiling { get; init; } = new();
    public PerformanceOptions Performance { get; init; } = new();
    public ScalingOptions Scaling { get; init; } = new();
    public BenchmarkingOptions Benchmarking { get; init; } = new();
    public AlertsOptions Alerts { get; init; } = new();

    /// <summary>Monitors declared in the file ("config as code"), matched to stored monitors by slug. Each has a slug and validated fields.</summary>
    public IReadOnlyList<MonitorDraft> Monitors { get; init; } = [];

    /// <summary>Channels declared in the file, matched to stored channels by name; validated, <c>${ENV}</c> values resolved.</summary>
    public IReadOnlyList<Alerting.ConfigChannel> Channels { get; init; } = [];
    /// <summary>Maintenance windows declared in the file, each as the JSON object the API takes, matched to stored windows by name.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> Maintenance { get; init; } = [];
}
