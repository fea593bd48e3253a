using System.Text.Json;
using Vigil.Alerting.Channels;
using Vigil.Server.Auth;
using Vigil.Server.Endpoints;
using Vigil.Server.Http;

namespace Vigil.Server.Alerting;

/// <summary>
/// <c>/api/v1/channels</c>: create, list, read, edit, delete, and send a test alert. Reads need a read key, everything
/// else a write key. <c>{id}</c> is the channel's id or its name.
/// </summary>
public static class ChannelEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/channels").RequireScope(Scope.Read);
        var write = app.MapGroup("/api/v1/channels").RequireScope(Scope.Write);

        write.MapPost("", CreateAsync);
        read.MapGet("", (ChannelService service) =>
        {
            var all = service.Directory.All;
            return ETags.Json(new ChannelList([.. all.Select(ChannelView.Of)], all.Count), ChannelViewJson.Default.ChannelList);
        });
        read.MapGet("/{id}", (string id, ChannelService service) =>
            service.Directory.TryResolve(id, out var channel)
                ? ETags.Json(ChannelView.Of(channel), ChannelViewJson.Default.ChannelView)
                : ChannelService.NotFound(id).ToResult());
        write.MapPatch("/{id}", UpdateAsync);
        write.MapDelete("/{id}", async (string id, ChannelService service) =>
            service.Directory.TryResolve(id, out var channel) && await service.DeleteAsync(channel.Definition.Id)
                ? Results.NoContent()
                : ChannelService.NotFound(id).ToResult());
        write.MapPost("/{id}/test", TestAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ChannelService service)
    {
        var (document, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
            return problem.ToResult();
        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object)
                return Problem.Field("(body)", "must be a JSON object").ToResult();
            var (channel, refused) = await service.CreateAsync(document.RootElement);
            if (refused is not null)
                return refused.ToResult();
            context.Response.Headers.Location = $"/api/v1/channels/{channel!.Definition.Id}";
            return Results.Json(ChannelView.Of(channel), ChannelViewJson.Default.ChannelView, statusCode: StatusCodes.Status201Created);
        }
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id, ChannelService service)
    {
        if (!service.Directory.TryResolve(id, out var current))
            return ChannelService.NotFound(id).ToResult();
        var (document, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
            return problem.ToResult();
        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object)
                return Problem.Field("(body)", "must be a JSON object").ToResult();
            var (channel, refused) = await service.PatchAsync(current.Definition.Id, document.RootElement);
            return refused?.ToResult() ?? Results.Json(ChannelView.Of(channel!), ChannelViewJson.Default.ChannelView);
        }
    }

    /// <summary>Sends now and answers 200 with the outcome, whatever it is: a failed send is the answer, not an error.</summary>
    private static async Task<IResult> TestAsync(HttpContext context, string id, ChannelService service)
    {
        if (!service.Directory.TryResolve(id, out var channel))
            return ChannelService.NotFound(id).ToResult();
        var link = $"{MonitorEndpoints.BaseUrl(context)}/api/v1/channels/{channel.Definition.Id}";
        var delivery = await service.TestAsync(channel, link, context.RequestAborted);
        return Results.Json(new ChannelTestView(Outcome(delivery.Outcome), delivery.Detail), ChannelViewJson.Default.ChannelTestView);
    }

    private static string Outcome(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Delivered => "delivered",
        DeliveryOutcome.Retry => "retry",
        _ => "failed",
    };
}
