using System.Globalization;
using Vigil.Alerting.Maintenance;
using Vigil.Core.Runtime;
using Vigil.Server.Auth;
using Vigil.Server.Http;
using Vigil.Server.Monitors;

namespace Vigil.Server.Alerting;

/// <summary>
/// Maintenance windows (<c>/api/v1/maintenance</c>: CRUD and their periods), a monitor's maintenance periods
/// (<c>/api/v1/monitors/{id}/maintenance</c>) and its silence (<c>/api/v1/monitors/{id}/silence</c>).
/// Reads need a read key, changes a write key.
/// </summary>
public static class MaintenanceEndpoints
{
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(400);

    public static IEndpointRouteBuilder MapVigilMaintenance(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/maintenance").RequireScope(Scope.Read);
        var write = app.MapGroup("/api/v1/maintenance").RequireScope(Scope.Write);
        write.MapPost("", CreateAsync);
        read.MapGet("", (MaintenanceService service) =>
            ETags.Json(new MaintenanceWindowList([.. service.Calendar.Windows.Select(MaintenanceWindowView.From)]), MaintenanceApiJson.Default.MaintenanceWindowList));
        read.MapGet("/{id}", (string id, MaintenanceService service) =>
            service.TryGet(id, out var window) ? ETags.Json(MaintenanceWindowView.From(window), MaintenanceApiJson.Default.MaintenanceWindowView) : NoWindow(id));
        write.MapPatch("/{id}", UpdateAsync);
        write.MapDelete("/{id}", async (string id, MaintenanceService service) =>
            Guid.TryParse(id, out var guid) && await service.DeleteAsync(guid) ? Results.NoContent() : NoWindow(id));
        read.MapGet("/{id}/periods", (HttpContext context, string id, MaintenanceService service, TimeProvider time) =>
            !service.TryGet(id, out var window) ? NoWindow(id)
                : Periods(context, time, (from, to, limit) => window.Periods(from, to, limit)));

        var monitorsRead = app.MapGroup("/api/v1/monitors").RequireScope(Scope.Read);
        var monitorsWrite = app.MapGroup("/api/v1/monitors").RequireScope(Scope.Write);
        monitorsRead.MapGet("/{id}/maintenance", (HttpContext context, string id, MonitorService monitors, MaintenanceService service, TimeProvider time) =>
            FindMonitor(monitors, id, out var monitor)
            ?? Periods(context, time, (from, to, limit) => service.Calendar.Periods(monitor.Id, monitor.Definition.Tags, from, to, limit)));
        monitorsRead.MapGet("/{id}/silence", (string id, MonitorService monitors, MaintenanceService service, TimeProvider time) =>
            FindMonitor(monitors, id, out var monitor)
            ?? (service.Calendar.IsSilenced(monitor.Id, time.GetUtcNow(), out var silence)
                ? ETags.Json(SilenceView.From(silence!), MaintenanceApiJson.Default.SilenceView)
                : NotSilenced(id)));
        monitorsWrite.MapPut("/{id}/silence", SilenceAsync);
        monitorsWrite.MapDelete("/{id}/silence", async (string id, MonitorService monitors, MaintenanceService service) =>
            FindMonitor(monitors, id, out var monitor) ?? (await service.UnsilenceAsync(monitor.Id) ? Results.NoContent() : NotSilenced(id)));
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, MaintenanceService service)
    {
        var (document, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
            return problem.ToResult();
        using (document)
        {
            var (window, refused) = await service.CreateAsync(document!.RootElement);
            if (refused is not null)
                return refused.ToResult();
            context.Response.Headers.Location = $"/api/v1/maintenance/{window!.Id}";
            return Results.Json(MaintenanceWindowView.From(window), MaintenanceApiJson.Default.MaintenanceWindowView, statusCode: StatusCodes.Status201Created);
        }
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id, MaintenanceService service)
    {
        if (!service.TryGet(id, out var current))
            return NoWindow(id);
        var (document, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
            return problem.ToResult();
        using (document)
        {
            var (window, refused) = await service.UpdateAsync(current.Id, document!.RootElement);
            return refused?.ToResult() ?? Results.Json(MaintenanceWindowView.From(window!), MaintenanceApiJson.Default.MaintenanceWindowView);
        }
    }

    private static async Task<IResult> SilenceAsync(HttpContext context, string id, MonitorService monitors, MaintenanceService service, TimeProvider time)
    {
        if (FindMonitor(monitors, id, out var monitor) is { } notFound)
            return notFound;
        var (document, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
            return problem.ToResult();
        using (document)
        {
            var errors = new List<Core.Monitors.FieldError>();
            if (Silence.Read(document!.RootElement, monitor.Id, time.GetUtcNow(), errors) is not { } silence)
                return Problem.Validation(errors).ToResult();
            await service.SilenceAsync(silence);
            return Results.Json(SilenceView.From(silence), MaintenanceApiJson.Default.SilenceView);
        }
    }

    /// <summary><c>from</c> and <c>to</c> are ISO 8601 times (default: the last 30 days up to now); the span is at most 400 days.</summary>
    private static IResult Periods(HttpContext context, TimeProvider time, Func<DateTimeOffset, DateTimeOffset, int, IReadOnlyList<MaintenancePeriod>> expand)
    {
        var q = context.Request.Query;
        if (Time(q["to"].ToString(), "to", time.GetUtcNow(), out var to) is { } badTo)
            return badTo;
        if (Time(q["from"].ToString(), "from", to - DefaultSpan, out var from) is { } badFrom)
            return badFrom;
        if (from >= to)
            return Problem.Field("from", "must be before to").ToResult();
        if (to - from > MaxSpan)
            return Problem.Field("from", $"the span may be at most {MaxSpan.TotalDays:0} days").ToResult();
        // One more than the cap tells a full list from a cut one.
        var periods = expand(from, to, MaintenanceCalendar.MaxPeriods + 1);
        var truncated = periods.Count > MaintenanceCalendar.MaxPeriods;
        var shown = truncated ? periods.Take(MaintenanceCalendar.MaxPeriods).ToList() : periods;
        var list = new MaintenancePeriodList(from, to, [.. shown.Select(MaintenancePeriodView.From)], MaintenancePeriod.Covered(shown).TotalSeconds, truncated);
        return ETags.Json(list, MaintenanceApiJson.Default.MaintenancePeriodList);
    }

    private static IResult? Time(string text, string field, DateTimeOffset fallback, out DateTimeOffset value)
    {
        value = fallback;
        if (text.Length == 0)
            return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
            return Problem.Field(field, $"'{(text.Length > 40 ? text[..40] : text)}' is not an ISO 8601 time such as 2026-11-23T12:00:00Z").ToResult();
        value = value.ToUniversalTime();
        // Far from any real window, and the default range (30 days before `to`) must stay representable.
        return value.Year is >= 1970 and <= 9000 ? null : Problem.Field(field, "must be a time between the years 1970 and 9000").ToResult();
    }

    /// <summary>A monitor by id or slug.</summary>
    private static IResult? FindMonitor(MonitorService service, string id, out MonitorRuntime monitor)
    {
        if (Guid.TryParse(id, out var guid) ? service.Monitors.TryGet(guid, out monitor) : service.Monitors.TryGetBySlug(id, out monitor))
            return null;
        return Problem.Of(404, $"no monitor has the id or slug '{Clip(id)}'").ToResult();
    }

    private static IResult NoWindow(string id) => Problem.Of(404, $"no maintenance window has id '{Clip(id)}'").ToResult();

    private static IResult NotSilenced(string id) => Problem.Of(404, $"monitor '{Clip(id)}' is not silenced").ToResult();

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
