using System.Diagnostics.Metrics;
using Vigil.Storage.Writing;

namespace Vigil.Server.Observability.Instruments;

/// <summary>The write queue as the scrape sees it; batch sizes and commit times are recorded by the writer itself.</summary>
public sealed class StorageInstruments
{
    public StorageInstruments(Meter meter, BatchWriter writer)
    {
        meter.CreateObservableGauge("vigil.write_queue.depth", () => writer.QueueDepth, "{item}", "Writes queued and not yet committed");
        meter.CreateObservableGauge("vigil.write_queue.capacity", () => writer.Capacity, "{item}", "Writes the queue holds before pings are refused with 503");
        meter.CreateObservableCounter("vigil.write.rejected", () => writer.Stats.Rejected, "{item}", "Pings refused because the write queue was full");
        meter.CreateObservableCounter("vigil.write.failures", () => writer.Stats.Failures, "{commit}", "Batch commits that failed (and were retried)");
    }
}
