using Vigil.LoadTest.Measuring;

namespace Vigil.LoadTest.Reporting;

/// <summary>
/// What result.json holds. <see cref="SchemaVersion"/> goes up when a field changes meaning or goes away (adding a
/// field does not), so a baseline from another version is recognised. Latencies are in milliseconds.
/// </summary>
public sealed record LoadTestResult
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string Tool { get; init; }
    public required string Scenario { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required double DurationSeconds { get; init; }
    public required RunConfig Config { get; init; }
    public required MachineInfo Machine { get; init; }
    public required Totals Totals { get; init; }

    /// <summary>From each request's scheduled send time (coordinated-omission corrected).</summary>
    public required Percentiles Latency { get; init; }

    /// <summary>From each request's real send time: what a closed-loop tool would report.</summary>
    public required Percentiles ServiceTime { get; init; }
    public required IReadOnlyList<HistogramBucket> Histogram { get; init; }
    public required int SeriesIntervalSeconds { get; init; }
    public required IReadOnlyList<SeriesPoint> Series { get; init; }
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    public required ServerReport Server { get; init; }
    public required GeneratorReport Generator { get; init; }
    public RampReport? Ramp { get; init; }
    public AbuseReport? Abuse { get; init; }
    public required Verdict Verdict { get; init; }
}

public sealed record RunConfig(
    string Url, int Monitors, double Rate, double DurationSeconds, int Connections, int Batch, string MonitorSource,
    double P99LimitMs, double StepSeconds, double StepFactor, double MaxRate, double BurstIntervalSeconds,
    double SampleIntervalSeconds, double FloodRate, int SlowClients, double RequestTimeoutSeconds);

public sealed record MachineInfo(string Os, string? CpuModel, int ProcessorCount, long MemoryBytes, string Runtime, string Hostname);

/// <summary>Requests and pings; throughput is over the time from the first scheduled send to the last answer.</summary>
public sealed record Totals(long Requests, long Succeeded, long Failed, long Pings, double RequestsPerSecond, double PingsPerSecond, double ErrorRate);

public sealed record Percentiles(double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs, double MinMs)
{
    public static Percentiles Of(LatencyHistogram h) => new(
        Ms(h.ValueAtPercentile(50)), Ms(h.ValueAtPercentile(90)), Ms(h.ValueAtPercentile(99)), Ms(h.ValueAtPercentile(99.9)),
        Ms(h.MaxNs), Math.Round(h.MeanNs / 1e6, 4), Ms(h.MinNs));

    private static double Ms(long ns) => Math.Round(ns / 1e6, 4);
}

public sealed record HistogramBucket(double LowMs, double HighMs, long Count);

/// <summary>The server's CPU and memory before and after (and, for soak, sampled through the run with its trend).</summary>
public sealed record ServerReport(
    ServerSample? Before, ServerSample? After, double? CpuSeconds, double? CpuCores,
    IReadOnlyList<ServerSample> Samples, MemoryTrend? Rss, MemoryTrend? GcHeap);

/// <summary>
/// A least-squares line through the samples after warm-up: its slope, and how much it rises from the end of
/// warm-up to the end of the run, as a share of its value at the end of warm-up.
/// </summary>
public sealed record MemoryTrend(double SlopeBytesPerMinute, double GrowthPercent, double WarmupSeconds, int Samples, long FirstBytes, long LastBytes);

/// <summary>What the load generator itself cost: it shares the machine with the server.</summary>
public sealed record GeneratorReport(string Client, int Workers, double CpuSeconds, double CpuPerRequestMicroseconds, double AllocatedBytesPerRequest);

public sealed record RampReport(double? KneeRate, string StopReason, IReadOnlyList<RampStep> Steps);

public sealed record RampStep(double Rate, double AchievedRps, long Requests, double P50Ms, double P99Ms, double ErrorRate, bool WithinLimits);

public sealed record AbuseReport(IReadOnlyList<AbusePart> Parts, bool ServerUp, double GoodSuccessRate);

/// <summary>One kind of abuse: how many were sent, what came back (by status or error kind), and whether that is right.</summary>
public sealed record AbusePart(string Name, long Requests, IReadOnlyDictionary<string, long> Answers, bool Passed, string Expectation);

public sealed record Verdict(bool Passed, IReadOnlyList<string> Reasons);
