using System.Globalization;
using Vigil.Server.Auth;
using Vigil.Server.Http;
using Vigil.Server.Monitors;
using Vigil.Storage;

namespace Vigil.Server.Endpoints;

/// <summary>An active monitor's history: raw runs (<c>/results</c>) and per-minute or per-hour rollups (<c>/rollups</c>).</summary>
public static class CheckResultEndpoints
{
    private static readonly TimeSpan MaxMinuteSpan = TimeSpan.FromDays(2);
    private static readonly TimeSpan MaxHourSpan = TimeSpan.FromDays(400);

    public static void Map(IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/monitors").RequireScope(Scope.Read);
        read.MapGet("/{id}/results", (HttpContext context, string id, MonitorService service, IVigilStore store) =>
            MonitorEndpoints.Find(service, id, out var monitor) ?? MonitorEndpoints.Page(context, (before, limit) =>
            {
                var rows = store.ReadCheckResults(monitor.Seq, before, limit);
                var page = new CheckResultPage([.. rows.Select(r => MonitorViews.View(r))], MonitorEndpoints.Cursor(rows.Count, limit, rows.LastOrDefault()?.Id));
                return ETags.Json(page, VigilJson.Default.CheckResultPage);
            }));
        read.MapGet("/{id}/rollups", (HttpContext context, string id, MonitorService service, IVigilStore store, TimeProvider time) =>
            MonitorEndpoints.Find(service, id, out var monitor) ?? Rollups(context, monitor.Seq, store, time.GetUtcNow()));
    }

    /// <summary><c>resolution</c> minute (default) or hour; <c>from</c> and <c>to</c> ISO 8601 times (default: the last 24 hours).</summary>
    private static IResult Rollups(HttpContext context, long seq, IVigilStore store, DateTimeOffset now)
    {
        var q = context.Request.Query;
        var resolutionText = q["resolution"].ToString() is { Length: > 0 } r ? r : "minute";
        if (resolutionText is not ("minute" or "hour"))
            return Problem.Field("resolution", "must be minute or hour").ToResult();
        var resolution = resolutionText == "hour" ? RollupResolution.Hour : RollupResolution.Minute;
        if (Time(q["to"].ToString(), "to", now, out var to) is { } badTo)
            return badTo;
        if (Time(q["from"].ToString(), "from", to - TimeSpan.FromDays(1), out var from) is { } badFrom)
            return badFrom;
        if (from >= to)
            return Problem.Field("from", "must be before to").ToResult();
        var max = resolution == RollupResolution.Minute ? MaxMinuteSpan : MaxHourSpan;
        if (to - from > max)
            return Problem.Field("from", $"the span may be at most {max.TotalDays:0} days at {resolutionText} resolution").ToResult();
        var rows = store.ReadRollups(seq, resolution, from, to);
        return ETags.Json(new RollupList(resolutionText, [.. rows.Select(MonitorViews.View)]), VigilJson.Default.RollupList);
    }

    private static IResult? Time(string text, string field, DateTimeOffset fallback, out DateTimeOffset value)
    {
        value = fallback;
        if (text.Length == 0 || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
            return null;
        return Problem.Field(field, $"'{(text.Length > 40 ? text[..40] : text)}' is not an ISO 8601 time such as 2026-11-23T12:00:00Z").ToResult();
    }
}
