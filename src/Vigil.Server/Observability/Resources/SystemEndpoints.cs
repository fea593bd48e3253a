using System.Globalization;
using Vigil.Server.Auth;
using Vigil.Server.Http;
using Vigil.Server.Observability.Memory;
using Vigil.Server.Observability.Requests;
using Vigil.Server.Observability.Thresholds;

namespace Vigil.Server.Observability.Resources;

/// <summary><c>GET /api/v1/system</c> (resources now and over the history) and <c>GET /api/v1/system/requests</c>
/// (per-route request windows); read scope, like every /api/v1 read.</summary>
public static class SystemEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/system").RequireScope(Scope.Read);
        read.MapGet("", System);
        read.MapGet("/requests", (RequestWindows windows, TimeProvider time) =>
            ETags.Json(RequestStats.Build(windows, time.GetUtcNow()), SystemJson.Default.RequestStatsView));
    }

    /// <summary><c>since</c>: an ISO 8601 time; only history samples at or after it are returned.</summary>
    private static IResult System(
        HttpContext context, SampleHistory history, SamplingOptions sampling, MemoryPressure memory,
        ThresholdMonitor thresholds, StartTime started, TimeProvider time)
    {
        DateTimeOffset? since = null;
        var text = context.Request.Query["since"].ToString();
        if (text.Length > 0)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Problem.Field("since", $"'{(text.Length > 40 ? text[..40] : text)}' is not an ISO 8601 time such as 2026-11-23T12:00:00Z").ToResult();
            since = parsed;
        }
        var now = time.GetUtcNow();
        var gc = GC.GetGCMemoryInfo();
        var view = new SystemView(
            now,
            SystemInstruments.Version,
            Environment.ProcessId,
            Math.Round((now - started.At).TotalSeconds, 3),
            sampling.SampleIntervalSeconds,
            history.Capacity,
            new MemoryView(memory.LimitBytes, gc.TotalAvailableMemoryBytes, gc.HeapSizeBytes, memory.ShedAtPercent, memory.Shedding, memory.ShedEvents),
            thresholds.States,
            history.Latest,
            history.Since(since));
        return ETags.Json(view, SystemJson.Default.SystemView);
    }
}

/// <summary>When this host started, on the injected clock.</summary>
public sealed record StartTime(DateTimeOffset At);
