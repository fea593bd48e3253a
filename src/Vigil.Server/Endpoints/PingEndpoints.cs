using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Server.Configuration;
using Vigil.Server.Http;
using Vigil.Server.Monitors;
using Vigil.Server.Observability.Instruments;
using Vigil.Storage.Writing;

namespace Vigil.Server.Endpoints;

/// <summary>
/// The healthchecks.io-compatible ping URLs: the hot path. One catch-all route, parsed by hand from the raw path,
/// an in-memory lookup, an O(1) record on the monitor, and "OK" once the ping's batch is committed.
/// </summary>
public sealed class PingEndpoints(HeartbeatEngine engine, MonitorService monitors, BatchWriter writer, PingKey pingKey, PingOptions options, PingInstruments metrics)
{
    private static readonly byte[] Ok = "OK"u8.ToArray();
    private static readonly byte[] Created = "Created"u8.ToArray();
    private const int MaxUserAgent = 200;
    private const int MaxRid = 100;

    public static void Map(IEndpointRouteBuilder app)
    {
        var endpoints = app.ServiceProvider.GetRequiredService<PingEndpoints>();
        app.MapMethods("/ping/{**path}", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Head], endpoints.HandleAsync)
            .WithName("ping").ExcludeFromDescription();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var (kind, outcome) = await AnswerAsync(context);
        metrics.Handled(kind, outcome, started);
    }

    /// <summary>Answers one ping request; returns its kind (when the path told it) and outcome for the metrics.</summary>
    /// <remarks>
    /// A ValueTask with a pooled builder: a Task of this tuple would be allocated on every ping (even answered at
    /// once, a Task is cached only for a few results), and while a commit is awaited the state machine box is reused.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(PingKind? Kind, string Outcome)> AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        // The catch-all route also matches a bare "/ping", which has nothing after the prefix.
        var path = request.Path.Value ?? "";
        var parsed = PingPath.Parse(path.Length > "/ping/".Length ? path.AsSpan("/ping/".Length) : default);
        if (!parsed.IsValid)
        {
            var invalid = parsed.Error == PingPathError.InvalidExitStatus;
            await Problem.Of(invalid ? 400 : 404, parsed.Detail!).WriteAsync(context);
            return (null, invalid ? PingOutcomes.Invalid : PingOutcomes.NotFound);
        }

        string? rid = null;
        if (request.QueryString.HasValue)
        {
            rid = request.Query["rid"].ToString() is { Length: > 0 } r ? r : null;
            if (rid?.Length > MaxRid)
            {
                await Problem.Field("rid", $"must be at most {MaxRid} characters").WriteAsync(context);
                return (parsed.Kind, PingOutcomes.Invalid);
            }
        }

        var created = false;
        MonitorRuntime? monitor;
        if (parsed.PingKey is null)
        {
            if (!engine.Monitors.TryGet(parsed.Id, out monitor))
            {
                await Problem.Of(404, "no monitor has this UUID").WriteAsync(context);
                return (parsed.Kind, PingOutcomes.NotFound);
            }
        }
        else
        {
            (monitor, created, var problem) = await BySlugAsync(parsed, request);
            if (problem is not null)
            {
                await problem.WriteAsync(context);
                return (parsed.Kind, problem.Status == 404 ? PingOutcomes.NotFound : PingOutcomes.Invalid);
            }
        }

        var (body, truncated) = HttpMethods.IsPost(request.Method) ? await ReadBodyAsync(context) : (null, false);
        var source = new PingSource(request.Method, context.Connection.RemoteIpAddress?.ToString(), UserAgent(request));
        var outcome = engine.Record(monitor!, parsed.Kind, parsed.ExitStatus, rid, body, truncated, source);
        switch (outcome.Result)
        {
            case PingResult.QueueFull:
                writer.Stats.CountRejected();
                await Problem.Of(503, "the write queue is full; retry shortly").WriteAsync(context, outcome.RetryAfterSeconds);
                return (parsed.Kind, PingOutcomes.Backpressure);
            case PingResult.NotHeartbeat:
                await Problem.Of(409, NotHeartbeat(monitor!)).WriteAsync(context);
                return (parsed.Kind, PingOutcomes.NotHeartbeat);
            case PingResult.RateLimited:
                await Problem.Of(429, $"more than {options.RateLimit} pings in {options.RateLimitWindowSeconds} s for this monitor")
                    .WriteAsync(context, outcome.RetryAfterSeconds);
                return (parsed.Kind, PingOutcomes.RateLimited);
        }
        await outcome.Committed;

        var response = context.Response;
        response.StatusCode = created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=utf-8";
        var text = created ? Created : Ok;
        response.ContentLength = text.Length;
        if (!HttpMethods.IsHead(request.Method))
            await response.Body.WriteAsync(text);
        return (parsed.Kind, PingOutcomes.Accepted);
    }

    private async Task<(MonitorRuntime? Monitor, bool Created, Problem? Problem)> BySlugAsync(PingPath parsed, HttpRequest request)
    {
        if (!pingKey.Matches(parsed.PingKey!))
            return (null, false, Problem.Of(404, "unknown ping key"));
        if (engine.Monitors.TryGetBySlug(parsed.Slug!, out var monitor))
            return (monitor, false, null);
        if (request.Query["create"] != "1")
            return (null, false, Problem.Of(404, $"no monitor has slug '{Shorten(parsed.Slug!)}' (add ?create=1 to create it)"));

        var draft = new MonitorDraft
        {
            Slug = parsed.Slug,
            Name = parsed.Slug,
            PeriodSeconds = options.CreatePeriodSeconds,
            GraceSeconds = options.CreateGraceSeconds,
        };
        var (added, problem) = await monitors.CreateAsync(draft);
        if (problem?.Status == 409 && engine.Monitors.TryGetBySlug(parsed.Slug!, out monitor))
            return (monitor, false, null); // a concurrent ping created it first
        return (added, added is not null, problem);
    }

    /// <summary>Keeps up to the body limit; a longer body is truncated and flagged, never refused for its length.</summary>
    /// <remarks>A pooled ValueTask for the same reason as <see cref="AnswerAsync"/>: most pings have no body.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(string? Body, bool Truncated)> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength == 0)
            return (null, false);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;
        var limit = options.BodyLimitBytes;
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted || read.Buffer.Length > limit)
                break;
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
        var buffer = read.Buffer;
        var truncated = buffer.Length > limit;
        var kept = buffer.Slice(0, Math.Min(buffer.Length, limit));
        var body = kept.Length == 0 ? null : Encoding.UTF8.GetString(kept);
        reader.AdvanceTo(buffer.End);
        return (body, truncated);
    }

    private static string? UserAgent(HttpRequest request)
    {
        var agent = request.Headers.UserAgent;
        if (agent.Count == 0)
            return null;
        var text = agent.ToString();
        return text.Length > MaxUserAgent ? text[..MaxUserAgent] : text;
    }

    internal static string NotHeartbeat(MonitorRuntime monitor) =>
        $"monitor '{monitor.Definition.Slug}' is an active {monitor.Definition.Type} check that Vigil runs itself; it takes no pings";

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "…" : text;
}
