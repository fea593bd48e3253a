using Vigil.Checks.Scheduling;
using Vigil.Core.Runtime;

namespace Vigil.Server.Checks;

/// <summary>
/// Runs the active checks while the host runs: schedules every active monitor storage holds, prunes idle pooled
/// connections now and then, and on shutdown cancels runs in flight before the writer stops (so nothing half-done is judged).
/// </summary>
public sealed class CheckService(CheckScheduler scheduler, ProbeCatalog probes, HeartbeatEngine engine, TimeProvider time, ILogger<CheckService> logger) : IHostedService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(30);
    private ITimer? _prune;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var monitor in engine.Monitors.All)
            if (monitor.Definition.Check is not null)
                scheduler.Upsert(monitor);
        scheduler.Start();
        _prune = time.CreateTimer(_ => _ = PruneAsync(), null, PruneEvery, PruneEvery);
        logger.LogInformation("Scheduled {Count} active monitors", scheduler.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_prune is not null)
            await _prune.DisposeAsync();
        await scheduler.DisposeAsync();
        await probes.DisposeAsync();
    }

    private async Task PruneAsync()
    {
        try
        {
            await probes.PruneAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Pruning idle check connections failed");
        }
    }
}
