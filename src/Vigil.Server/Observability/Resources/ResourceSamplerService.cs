using Vigil.Server.Observability.Requests;
using Vigil.Server.Observability.Thresholds;

namespace Vigil.Server.Observability.Resources;

/// <summary>
/// Takes a resource sample at start and then every <c>observability.sample_interval_seconds</c> on the injected
/// clock, keeps it in the bounded history, and judges the performance thresholds against it and the request windows.
/// </summary>
public sealed class ResourceSamplerService(
    SamplingOptions options, ResourceSampler sampler, SampleHistory history, ThresholdMonitor thresholds,
    RequestWindows windows, TimeProvider time, ILogger<ResourceSamplerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The timer first, so its period counts from start even when the first sample is slow.
        using var timer = new PeriodicTimer(options.Interval, time);
        Tick();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Tick();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sample; a failure is logged and the next tick tries again, so the sampler never stops the host.</summary>
    internal void Tick()
    {
        try
        {
            var sample = sampler.Sample(time.GetUtcNow());
            history.Add(sample);
            thresholds.Evaluate(sample, windows);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Resource sample failed; the next one is in {Seconds} s", options.SampleIntervalSeconds);
        }
    }
}
