using System.Diagnostics;

namespace Vigil.Server.Observability.Requests;

/// <summary>
/// Times every request into <c>vigil.http.server.request.duration</c> and the per-route windows, and counts requests in
/// flight. It sits on the ping hot path, so it allocates nothing of its own: the tags are a struct
/// <see cref="System.Diagnostics.TagList"/> of interned strings, and a request that completes synchronously skips the
/// async state machine (one that awaits, like a ping waiting for its commit, pays for one box, as any awaiting
/// middleware does). The endpoint is read before the request runs: routing has chosen it by then, and the exception
/// handler clears it on the way out.
/// </summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, HttpInstruments instruments, RequestWindows windows)
{
    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var start = Stopwatch.GetTimestamp();
        instruments.ActiveRequests.Add(1);
        Task running;
        try
        {
            running = next(context);
        }
        catch
        {
            Finish(context, endpoint, start, threw: true);
            throw;
        }
        if (!running.IsCompletedSuccessfully)
            return AwaitAsync(running, context, endpoint, start);
        Finish(context, endpoint, start, threw: false);
        return Task.CompletedTask;
    }

    private async Task AwaitAsync(Task running, HttpContext context, Endpoint? endpoint, long start)
    {
        var threw = true;
        try
        {
            await running;
            threw = false;
        }
        finally
        {
            Finish(context, endpoint, start, threw);
        }
    }

    private void Finish(HttpContext context, Endpoint? endpoint, long start, bool threw)
    {
        var end = Stopwatch.GetTimestamp();
        instruments.ActiveRequests.Add(-1);
        var response = context.Response;
        // An exception that got this far became a 500, unless the answer had started already.
        var status = threw && !response.HasStarted ? 500 : response.StatusCode;
        var window = windows.WindowFor(endpoint);
        var ticks = end - start;
        var seconds = (double)ticks / Stopwatch.Frequency;
        if (instruments.Duration.Enabled)
        {
            instruments.Duration.Record(seconds, new TagList
            {
                { "route", window.Route },
                { "method", MethodOf(context.Request.Method) },
                { "status_class", StatusClassOf(status) },
            });
        }
        var category = ErrorCategories.Of(status, context.RequestAborted.IsCancellationRequested);
        windows.Record(window, end, ticks, seconds * 1_000_000, category);
    }

    internal static string StatusClassOf(int status) => status is >= 100 and < 600 ? StatusClasses[(status / 100) - 1] : "other";

    /// <summary>The method as one of a fixed set, so a client cannot mint tag values; Kestrel interns these strings.</summary>
    internal static string MethodOf(string method) => method switch
    {
        _ when HttpMethods.IsGet(method) => HttpMethods.Get,
        _ when HttpMethods.IsPost(method) => HttpMethods.Post,
        _ when HttpMethods.IsHead(method) => HttpMethods.Head,
        _ when HttpMethods.IsPut(method) => HttpMethods.Put,
        _ when HttpMethods.IsPatch(method) => HttpMethods.Patch,
        _ when HttpMethods.IsDelete(method) => HttpMethods.Delete,
        _ when HttpMethods.IsOptions(method) => HttpMethods.Options,
        _ => "_OTHER",
    };
}
