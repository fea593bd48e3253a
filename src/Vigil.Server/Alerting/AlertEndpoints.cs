using Vigil.Alerting.Channels;
using Vigil.Server.Auth;
using Vigil.Server.Endpoints;
using Vigil.Server.Http;
using Vigil.Server.Monitors;
using Vigil.Storage.Alerts;

namespace Vigil.Server.Alerting;

/// <summary>
/// Alert history: <c>GET /api/v1/alerts</c> (every monitor; <c>?state=dead</c> for the dead letters) and
/// <c>GET /api/v1/monitors/{id}/alerts</c>, newest first, with each delivery's attempts.
/// </summary>
public static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/alerts", (HttpContext context, IAlertStore store, ChannelDirectory channels) =>
        {
            var state = context.Request.Query["state"].ToString();
            if (state is not ("" or "dead"))
                return Problem.Field("state", "must be dead (or left out for every alert)").ToResult();
            return MonitorEndpoints.Page(context, (before, limit) => List(store, channels, new AlertQuery(null, before, limit, DeadOnly: state == "dead")));
        }).RequireScope(Scope.Read);
        app.MapGet("/api/v1/monitors/{id}/alerts", (HttpContext context, string id, MonitorService service, IAlertStore store, ChannelDirectory channels) =>
            MonitorEndpoints.Find(service, id, out var monitor)
            ?? MonitorEndpoints.Page(context, (before, limit) => List(store, channels, new AlertQuery(monitor.Id, before, limit))))
            .RequireScope(Scope.Read);
    }

    private static IResult List(IAlertStore store, ChannelDirectory channels, AlertQuery query)
    {
        var rows = store.ReadAlerts(query);
        var page = new AlertPage([.. rows.Select(a => AlertViewMapping.View(a, channels))], MonitorEndpoints.Cursor(rows.Count, query.Limit, rows.LastOrDefault()?.Id));
        return Results.Json(page, VigilJson.Default.AlertPage);
    }
}
