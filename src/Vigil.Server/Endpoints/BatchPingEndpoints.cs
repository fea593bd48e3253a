using System.Text.Json;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Server.Configuration;
using Vigil.Server.Http;
using Vigil.Server.Monitors;
using Vigil.Server.Observability.Instruments;
using Vigil.Storage.Writing;

namespace Vigil.Server.Endpoints;

/// <summary>
/// <c>POST /api/v1/pings</c>: many pings in one request, as a JSON array or NDJSON, each answered on its own.
/// An item may carry its own timestamp, so a client that buffered pings through an outage can backfill them.
/// Like a ping URL, the item's UUID (or ping key) is the secret: no API key is needed.
/// </summary>
public sealed class BatchPingEndpoints(HeartbeatEngine engine, BatchWriter writer, PingKey pingKey, PingOptions pings, StorageOptions storage, TimeProvider time, PingInstruments metrics)
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var endpoints = app.ServiceProvider.GetRequiredService<BatchPingEndpoints>();
        app.MapPost("/api/v1/pings", endpoints.HandleAsync).WithName("batch-pings");
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > pings.BatchMaxBytes)
        {
            await Problem.Of(413, $"a batch may be at most {pings.BatchMaxBytes} bytes").WriteAsync(context);
            return;
        }
        var ndjson = request.ContentType?.StartsWith("application/x-ndjson", StringComparison.OrdinalIgnoreCase) == true
                     || request.ContentType?.StartsWith("application/ndjson", StringComparison.OrdinalIgnoreCase) == true;
        if (!ndjson && request.ContentType is { } type && !JsonBody.IsJson(type))
        {
            await Problem.Of(415, "send a JSON array (application/json) or NDJSON (application/x-ndjson)").WriteAsync(context);
            return;
        }

        using var body = await ReadAllAsync(context);
        if (body is null)
        {
            await Problem.Of(413, $"a batch may be at most {pings.BatchMaxBytes} bytes").WriteAsync(context);
            return;
        }
        var items = new List<JsonElement>();
        var documents = new List<JsonDocument>();
        try
        {
            if (Split(body.Memory, ndjson, items, documents) is { } problem)
            {
                await problem.WriteAsync(context);
                return;
            }
            if (items.Count > pings.BatchMaxItems)
            {
                await Problem.Of(413, $"a batch may hold at most {pings.BatchMaxItems} pings (got {items.Count})").WriteAsync(context);
                return;
            }
            await RecordAllAsync(context, items);
        }
        finally
        {
            foreach (var document in documents)
                document.Dispose();
        }
    }

    private async Task RecordAllAsync(HttpContext context, List<JsonElement> items)
    {
        var results = new BatchItemResult[items.Count];
        var commits = new HashSet<Task>();
        Task? lastCommit = null; // consecutive items nearly always share their batch's task: skip the hash
        var counts = new BatchOutcomeCounts();
        var accepted = 0;
        var now = time.GetUtcNow();
        for (var i = 0; i < items.Count; i++)
        {
            var (status, error, committed, kind) = RecordOne(items[i], now);
            results[i] = new BatchItemResult(i, status, error);
            counts.Add(kind, status);
            if (status == 200)
            {
                accepted++;
                if (committed != lastCommit)
                    commits.Add(lastCommit = committed);
            }
        }
        counts.ReportTo(metrics);
        await Task.WhenAll(commits);
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, new BatchResult(accepted, items.Count - accepted, results), VigilJson.Default.BatchResult, context.RequestAborted);
    }

    private (int Status, string? Error, Task Committed, PingKind? Kind) RecordOne(JsonElement item, DateTimeOffset now)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return (400, "each item must be a JSON object", Task.CompletedTask, null);
        var (ping, error) = BatchItem.Read(item);
        if (error is not null)
            return (400, error, Task.CompletedTask, null);

        MonitorRuntime? monitor;
        if (ping.Slug is not null)
        {
            if (!pingKey.Matches(ping.PingKey!) || !engine.Monitors.TryGetBySlug(ping.Slug, out monitor))
                return (404, "no monitor has this ping key and slug", Task.CompletedTask, ping.Kind);
        }
        else if (!engine.Monitors.TryGet(ping.Id, out monitor))
        {
            return (404, "no monitor has this uuid", Task.CompletedTask, ping.Kind);
        }

        if (ping.At is { } at)
        {
            if (at > now + pings.MaxClockSkew)
                return (400, $"at: is more than {pings.MaxClockSkewSeconds} s in the future", Task.CompletedTask, ping.Kind);
            if (at < now - storage.Retention)
                return (400, $"at: is older than the {storage.RetentionDays}-day retention", Task.CompletedTask, ping.Kind);
        }
        var body = ping.Body;
        var truncated = body is not null && body.Length > pings.BodyLimitBytes;
        if (truncated)
            body = body![..pings.BodyLimitBytes];
        var outcome = engine.Record(monitor, ping.Kind, ping.ExitStatus, ping.Rid, body, truncated, PingSource.Batch, ping.At);
        return outcome.Result switch
        {
            PingResult.Accepted => (200, null, outcome.Committed, ping.Kind),
            PingResult.RateLimited => (429, $"rate limited; retry after {outcome.RetryAfterSeconds} s", Task.CompletedTask, ping.Kind),
            PingResult.NotHeartbeat => (409, PingEndpoints.NotHeartbeat(monitor), Task.CompletedTask, ping.Kind),
            _ => Rejected(ping.Kind),
        };
    }

    private (int, string?, Task, PingKind?) Rejected(PingKind kind)
    {
        writer.Stats.CountRejected();
        return (503, "the write queue is full; retry shortly", Task.CompletedTask, kind);
    }

    private static Problem? Split(ReadOnlyMemory<byte> body, bool ndjson, List<JsonElement> items, List<JsonDocument> documents)
    {
        try
        {
            if (!ndjson)
            {
                var document = JsonDocument.Parse(body);
                documents.Add(document);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                    return Problem.Field("(body)", "must be a JSON array of pings (or send NDJSON as application/x-ndjson)");
                items.EnsureCapacity(document.RootElement.GetArrayLength());
                items.AddRange(document.RootElement.EnumerateArray());
                return null;
            }
            var line = 0;
            foreach (var range in body.Span.Split((byte)'\n'))
            {
                line++;
                var text = body[range];
                if (text.Span.Trim((byte)'\r').Trim((byte)' ').IsEmpty)
                    continue;
                try
                {
                    var document = JsonDocument.Parse(text);
                    documents.Add(document);
                    items.Add(document.RootElement);
                }
                catch (JsonException)
                {
                    return Problem.Field($"(line {line})", "is not valid JSON");
                }
            }
            return null;
        }
        catch (JsonException error)
        {
            return Problem.Field("(body)", $"is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1})");
        }
    }

    /// <summary>Reads the body whole, or returns null past the batch size limit.</summary>
    private async Task<PooledBody?> ReadAllAsync(HttpContext context)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = pings.BatchMaxBytes;
        try
        {
            return await PooledBody.ReadAsync(context.Request.Body, context.Request.ContentLength, pings.BatchMaxBytes, context.RequestAborted);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
