using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vigil.Checks.Scheduling;
using Vigil.Server.Configuration;

namespace Vigil.Server.Health;

/// <summary>
/// Not ready while the check scheduler's queue of due runs is past its high-water mark: it is skipping runs because
/// checks take longer than the limits allow. Skips are counted either way; see <c>GET /api/v1/checks/stats</c>.
/// </summary>
public sealed class SchedulerHealthCheck(CheckScheduler scheduler, ChecksOptions options) : IHealthCheck
{
    public const double HighWater = 0.9;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var depth = scheduler.QueueDepth;
        var stats = scheduler.Stats;
        var data = new Dictionary<string, object>
        {
            ["monitors"] = scheduler.Count, ["running"] = scheduler.Running, ["queue_depth"] = depth,
            ["queue_capacity"] = options.QueueCapacity, ["skipped"] = stats.Skipped,
        };
        var text = string.Create(CultureInfo.InvariantCulture, $"{scheduler.Running} running, {depth} of {options.QueueCapacity} due runs waiting");
        return Task.FromResult(depth < options.QueueCapacity * HighWater
            ? HealthCheckResult.Healthy(text, data)
            : HealthCheckResult.Unhealthy(text + " (falling behind: runs are being skipped)", data: data));
    }
}
