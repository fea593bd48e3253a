using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vigil.Storage.Writing;

namespace Vigil.Server.Health;

/// <summary>Ready while the writer's last commit succeeded: after a failed one the database is not writable until a retry gets through.</summary>
public sealed class StorageHealthCheck(BatchWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stats = writer.Stats;
        var data = new Dictionary<string, object> { ["commit_failures"] = stats.Failures, ["last_commit_us"] = stats.LastCommitMicros };
        return Task.FromResult(stats.Healthy
            ? HealthCheckResult.Healthy("the last commit succeeded", data)
            : HealthCheckResult.Unhealthy("the last commit failed; the writer is retrying (see the log)", data: data));
    }
}
