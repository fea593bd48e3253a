using Vigil.Core.Runtime;
using Vigil.Server.Configuration;
using Vigil.Storage.Writing;

namespace Vigil.Server.Hosting;

/// <summary>
/// Deletes ping history older than storage.retention_days, and the pings of deleted monitors, in small chunks
/// through the batching writer, so a large purge never holds the writer long enough to delay pings.
/// </summary>
public sealed class RetentionService(BatchWriter writer, HeartbeatEngine engine, StorageOptions options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RetentionInterval, time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Retention pass failed; the next pass retries");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One full pass: chunks until nothing old is left.</summary>
    public async Task<long> PurgeAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        var removedBySeq = new Dictionary<long, int>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var command = new PurgePings(time.GetUtcNow() - options.Retention, options.RetentionChunkSize);
            await writer.Submit(command);
            var removed = 0;
            foreach (var (seq, count) in command.Removed)
            {
                removed += count;
                removedBySeq[seq] = removedBySeq.GetValueOrDefault(seq) + count;
            }
            total += removed + command.OrphansRemoved;
            if (removed < options.RetentionChunkSize && command.OrphansRemoved < options.RetentionChunkSize)
                break;
        }
        // Live counts follow once per pass: one walk over the monitors, however many chunks there were.
        if (removedBySeq.Count > 0)
            foreach (var monitor in engine.Monitors.All)
                if (removedBySeq.TryGetValue(monitor.Seq, out var count))
                    monitor.ForgetPings(count);
        if (total > 0)
            logger.LogInformation("Retention removed {Count} pings older than {Days} days", total, options.RetentionDays);
        return total;
    }
}
