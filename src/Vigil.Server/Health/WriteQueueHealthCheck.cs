using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vigil.Storage.Writing;

namespace Vigil.Server.Health;

/// <summary>Not ready once the write queue passes its high-water mark: pings are about to be refused with 503.</summary>
public sealed class WriteQueueHealthCheck(BatchWriter writer) : IHealthCheck
{
    /// <summary>The share of <c>storage.queue_capacity</c> above which Vigil stops saying it is ready.</summary>
    public const double HighWater = 0.9;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var depth = writer.QueueDepth;
        var capacity = writer.Capacity;
        var data = new Dictionary<string, object> { ["depth"] = depth, ["capacity"] = capacity };
        var text = string.Create(CultureInfo.InvariantCulture, $"{depth} of {capacity} writes queued");
        return Task.FromResult(depth < capacity * HighWater
            ? HealthCheckResult.Healthy(text, data)
            : HealthCheckResult.Unhealthy(text + " (above the 90 % high-water mark)", data: data));
    }
}
