using Vigil.Alerting.Maintenance;
using Vigil.Core.Runtime;
using Vigil.Core.States;
using Vigil.Server.Auth;
using Vigil.Server.Http;
using Vigil.Server.Monitors;
using Vigil.Storage;

namespace Vigil.Server.Endpoints;

/// <summary>The monitor API under <c>/api/v1/monitors</c>: CRUD, ping and flip history, pause and resume.</summary>
public static class MonitorEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/monitors").RequireScope(Scope.Read);
        var write = app.MapGroup("/api/v1/monitors").RequireScope(Scope.Write);

        write.MapPost("", CreateAsync);
        read.MapGet("", List);
        read.MapGet("/{id}", (HttpContext context, string id, MonitorService service, IVigilStore store, TimeProvider time, MaintenanceCalendar calendar) =>
            Find(service, id, out var monitor) ?? ETags.Json(WithUptime(MonitorViews.View(monitor, BaseUrl(context)), monitor, store, time) with
            {
                SilencedUntil = calendar.SilencedUntil(monitor.Id, time.GetUtcNow()),
            }, VigilJson.Default.MonitorView));
        write.MapPatch("/{id}", UpdateAsync);
        write.MapDelete("/{id}", DeleteAsync);
        write.MapPost("/{id}/pause", (HttpContext context, string id, MonitorService service) => ChangeAsync(context, id, service, service.PauseAsync));
        write.MapPost("/{id}/resume", (HttpContext context, string id, MonitorService service) => ChangeAsync(context, id, service, service.ResumeAsync));
        read.MapGet("/{id}/pings", (HttpContext context, string id, MonitorService service, IVigilStore store) =>
            Find(service, id, out var monitor) ?? Page(context, (before, limit) =>
            {
                var rows = store.ReadPings(monitor.Seq, before, limit);
                return ETags.Json(new PingPage([.. rows.Select(MonitorViews.View)], Cursor(rows.Count, limit, rows.LastOrDefault()?.Id)), VigilJson.Default.PingPage);
            }));
        read.MapGet("/{id}/flips", (HttpContext context, string id, MonitorService service, IVigilStore store) =>
            Find(service, id, out var monitor) ?? Page(context, (before, limit) =>
            {
                var rows = store.ReadFlips(monitor.Seq, before, limit);
                return ETags.Json(new FlipPage([.. rows.Select(MonitorViews.View)], Cursor(rows.Count, limit, rows.LastOrDefault()?.Id)), VigilJson.Default.FlipPage);
            }));
    }

    /// <summary>An active monitor's single GET also shows its uptime: one query on the hourly rollups.</summary>
    private static MonitorView WithUptime(MonitorView view, MonitorRuntime monitor, IVigilStore store, TimeProvider time) =>
        monitor.Definition.Check is null ? view : view with { Uptime = MonitorViews.View(store.ReadUptime(monitor.Seq, time.GetUtcNow())) };

    private static async Task<IResult> CreateAsync(HttpContext context, MonitorService service)
    {
        var (document, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
            return problem.ToResult();
        using (document)
        {
            var errors = new List<Core.Monitors.FieldError>();
            var draft = MonitorRequest.Parse(document!.RootElement, errors);
            if (errors.Count > 0)
                return Problem.Validation(errors).ToResult();
            var (monitor, refused) = await service.CreateAsync(draft);
            if (refused is not null)
                return refused.ToResult();
            var view = MonitorViews.View(monitor!, BaseUrl(context));
            context.Response.Headers.Location = $"/api/v1/monitors/{view.Id}";
            return Results.Json(view, VigilJson.Default.MonitorView, statusCode: StatusCodes.Status201Created);
        }
    }

    private static IResult List(HttpContext context, MonitorService service)
    {
        var query = context.Request.Query;
        var tag = query["tag"].ToString();
        MonitorStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } statusText)
        {
            if (!MonitorStatusNames.TryParse(statusText, out var parsed))
                return Problem.Field("status", $"'{statusText}' is not a status (new, up, late, down, paused, degraded)").ToResult();
            status = parsed;
        }
        return Page(context, (after, limit) =>
        {
            var (page, total, more) = MonitorQuery.Page(service.Monitors.All, after, limit,
                m => (status is null || m.Status == status) && (tag.Length == 0 || m.Definition.Tags.Contains(tag)));
            var baseUrl = BaseUrl(context);
            var next = more ? page[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return ETags.Json(new MonitorPage([.. page.Select(m => MonitorViews.View(m, baseUrl))], total, next), VigilJson.Default.MonitorPage);
        });
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id, MonitorService service)
    {
        if (Find(service, id, out var monitor) is { } notFound)
            return notFound;
        var (document, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
            return problem.ToResult();
        using (document)
        {
            var errors = new List<Core.Monitors.FieldError>();
            var draft = MonitorRequest.Parse(document!.RootElement, errors);
            if (errors.Count > 0)
                return Problem.Validation(errors).ToResult();
            if (await service.UpdateAsync(monitor, draft) is { } refused)
                return refused.ToResult();
            return Results.Json(MonitorViews.View(monitor, BaseUrl(context)), VigilJson.Default.MonitorView);
        }
    }

    private static async Task<IResult> DeleteAsync(string id, MonitorService service)
    {
        if (Find(service, id, out var monitor) is { } notFound)
            return notFound;
        await service.DeleteAsync(monitor);
        return Results.NoContent();
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, string id, MonitorService service, Func<MonitorRuntime, Task> change)
    {
        if (Find(service, id, out var monitor) is { } notFound)
            return notFound;
        await change(monitor);
        return Results.Json(MonitorViews.View(monitor, BaseUrl(context)), VigilJson.Default.MonitorView);
    }

    internal static IResult? Find(MonitorService service, string id, out MonitorRuntime monitor)
    {
        if (Guid.TryParse(id, out var guid) && service.Monitors.TryGet(guid, out monitor))
            return null;
        monitor = null!;
        return Problem.Of(404, Guid.TryParse(id, out _) ? $"no monitor has id {id}" : $"'{Shorten(id)}' is not a monitor id (a UUID)").ToResult();
    }

    /// <summary>Reads <c>limit</c> (1-1000, default 50) and <c>cursor</c> (an id from a previous page) and runs the query.</summary>
    internal static IResult Page(HttpContext context, Func<long?, int, IResult> query)
    {
        var q = context.Request.Query;
        var limit = 50;
        if (q["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 1000))
            return Problem.Field("limit", "must be a whole number from 1 to 1000").ToResult();
        long? cursor = null;
        if (q["cursor"].ToString() is { Length: > 0 } cursorText)
        {
            if (!long.TryParse(cursorText, out var parsed) || parsed < 0)
                return Problem.Field("cursor", "must be the next_cursor value of a previous page").ToResult();
            cursor = parsed;
        }
        return query(cursor, limit);
    }

    internal static string? Cursor(int count, int limit, long? lastId) =>
        count == limit && lastId is { } id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    internal static string BaseUrl(HttpContext context) =>
        context.RequestServices.GetRequiredService<Configuration.ServerOptions>().PublicUrl?.ToString().TrimEnd('/')
        ?? $"{context.Request.Scheme}://{context.Request.Host}";

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
