using System.Globalization;
using Vigil.Server.Auth;
using Vigil.Server.Http;

namespace Vigil.Server.Observability.Profiling;

/// <summary>
/// <c>/api/v1/debug</c>: a CPU trace of Vigil itself and the GC's statistics. Write key only: a trace shows the code's
/// inner workings and costs the process a few percent of CPU while it runs.
/// </summary>
public static class DebugEndpoints
{
    public static IServiceCollection AddProfiling(this IServiceCollection services, ProfilingOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<CpuTracer>();
        return services;
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var debug = app.MapGroup("/api/v1/debug").RequireScope(Scope.Write);
        debug.MapPost("/trace", Trace);
        debug.MapGet("/gc", () => Results.Json(GcStats.Read(), ProfilingJson.Default.GcStatsView));
    }

    private static IResult Trace(HttpContext context, CpuTracer tracer, ProfilingOptions options)
    {
        var text = context.Request.Query["seconds"];
        var seconds = options.DefaultTraceSeconds;
        if (text.Count > 0 && (text.Count > 1 || !int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
            || seconds is < 1 or > ProfilingOptions.MaxTraceSeconds))
            return Problem.Field("seconds", $"must be a whole number of seconds from 1 to {ProfilingOptions.MaxTraceSeconds}").ToResult();
        if (!tracer.TryClaim())
            return Problem.Of(409, "a trace is already running; one runs at a time, retry when it ends").ToResult();
        return new TraceResult(tracer, TimeSpan.FromSeconds(seconds));
    }

    private sealed class TraceResult(CpuTracer tracer, TimeSpan duration) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await tracer.WriteAsync(httpContext, duration);
            }
            finally
            {
                tracer.Release();
            }
        }
    }
}
