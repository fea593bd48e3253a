using Vigil.Core.Runtime;
using Vigil.Server.Configuration;
using Vigil.Storage.Alerts;
using Vigil.Storage.Writing;

namespace Vigil.Server.Hosting;

/// <summary>
/// Deletes ping history and alert history older than storage.retention_days, check results and rollups past their
/// checks.* retention, and the rows of deleted monitors, in small chunks through the batching writer, so a large purge never holds the
/// writer long enough to delay pings.
/// </summary>
public sealed class RetentionService(
    BatchWriter writer, HeartbeatEngine engine, StorageOptions options, ChecksOptions checks, TimeProvider time, ILogger<RetentionService> logger)
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
                await PurgeCheckResultsAsync(stoppingToken);
                await PurgeAlertsAsync(stoppingToken);
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

    /// <summary>One full pass over check results and rollups: chunks until nothing old is left.</summary>
    public async Task<long> PurgeCheckResultsAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        var now = time.GetUtcNow();
        PurgeCheckResults command;
        do
        {
            command = new PurgeCheckResults(
                now - TimeSpan.FromDays(checks.ResultRetentionDays), now - TimeSpan.FromDays(checks.MinuteRollupDays),
                now - TimeSpan.FromDays(checks.HourRollupDays), options.RetentionChunkSize);
            await writer.Submit(command);
            total += command.RawRemoved + command.MinuteRollupsRemoved + command.HourRollupsRemoved + command.OrphansRemoved;
        }
        while (command.MayHaveMore && !cancellationToken.IsCancellationRequested);
        if (total > 0)
            logger.LogInformation("Retention removed {Count} check results and rollups", total);
        return total;
    }

    /// <summary>One full pass over alert history: finished alerts older than the ping retention, in chunks.</summary>
    public async Task<long> PurgeAlertsAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        PurgeAlerts command;
        do
        {
            command = new PurgeAlerts(time.GetUtcNow() - options.Retention, options.RetentionChunkSize);
            await writer.Submit(command);
            total += command.Removed;
        }
        while (command.Removed >= options.RetentionChunkSize && !cancellationToken.IsCancellationRequested);
        if (total > 0)
            logger.LogInformation("Retention removed {Count} alerts older than {Days} days", total, options.RetentionDays);
        return total;
    }
}
