using Vigil.Checks.Scheduling;
using Vigil.Core.Runtime;
using Vigil.Server.Auth;
using Vigil.Server.Checks;
using Vigil.Server.Http;

namespace Vigil.Server.Endpoints;

/// <summary><c>/api/v1/checks/stats</c>: how the active-check scheduler and its pools are doing, for operators and benchmarks.</summary>
public static class CheckEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/checks").RequireScope(Scope.Read)
            .MapGet("/stats", (CheckScheduler scheduler, ProbeCatalog probes, CheckEngine engine) =>
                Results.Json(Stats(scheduler, probes, engine), VigilJson.Default.CheckStatsView));

    internal static CheckStatsView Stats(CheckScheduler scheduler, ProbeCatalog probes, CheckEngine engine)
    {
        var s = scheduler.Stats;
        var drift = s.Drift;
        var count = drift.Count;
        var scheduling = new SchedulerView(
            scheduler.Count, scheduler.Running, scheduler.QueueDepth, s.Started, s.Completed, s.SkippedOverlap, s.SkippedQueueFull, s.SkippedStale, s.SkippedShed,
            new DriftView(drift.Percentile(0.5).TotalMilliseconds, drift.Percentile(0.99).TotalMilliseconds, drift.Max.TotalMilliseconds,
                count == 0 ? 0 : Math.Round(drift.Sum.TotalMilliseconds / count, 3)));
        var pools = probes.PoolStats.Select(p => new PoolView(
            p.Protocol, p.Stats.Name, p.Stats.Open, p.Stats.Idle, p.Stats.InUse, p.Stats.Waiters, p.Stats.Created, p.Stats.Closed,
            p.Stats.Acquired, p.Stats.Exhausted, Math.Round(p.Stats.AcquireWaitTotal.TotalMilliseconds, 3))).ToList();
        return new CheckStatsView(scheduling, pools, engine.ResultsNotStored);
    }
}
