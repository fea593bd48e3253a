using Vigil.Alerting.Dispatch;
using Vigil.Alerting.Pipeline;
using Vigil.Storage.Writing;

namespace Vigil.Server.Alerting;

/// <summary>
/// Runs the alert pipeline for the host's lifetime. Registered after storage, so it stops first: sends still waiting
/// for a retry stay pending in storage and resume at the next start.
/// </summary>
public sealed class AlertService(AlertPipeline pipeline, DeliveryWorker worker, BatchWriter writer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        writer.AlertOutboxCommitted += pipeline.Nudge;
        pipeline.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        writer.AlertOutboxCommitted -= pipeline.Nudge;
        await pipeline.DisposeAsync();
        await worker.DisposeAsync();
    }
}
