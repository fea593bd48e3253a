namespace Vigil.Server.Observability.Resources;

/// <summary>The <c>observability:</c> keys the sampler reads.</summary>
public sealed record SamplingOptions
{
    /// <summary>The most samples kept whatever the keys say (a day at one per second, about 20 MB).</summary>
    public const int MaxSamples = 86_400;

    /// <summary><c>observability.sample_interval_seconds</c> (1..3600).</summary>
    public int SampleIntervalSeconds { get; init; } = 30;

    /// <summary><c>observability.history_hours</c> (1..168).</summary>
    public int HistoryHours { get; init; } = 24;

    public TimeSpan Interval => TimeSpan.FromSeconds(SampleIntervalSeconds);

    /// <summary>Samples the history keeps: history_hours of samples, at most <see cref="MaxSamples"/>.</summary>
    public int Capacity => (int)Math.Clamp(Math.Ceiling(HistoryHours * 3600.0 / SampleIntervalSeconds), 1, MaxSamples);
}
