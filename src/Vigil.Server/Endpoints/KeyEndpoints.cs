using Vigil.Server.Auth;
using Vigil.Server.Http;
using Vigil.Server.Monitors;

namespace Vigil.Server.Endpoints;

/// <summary>API keys (<c>/api/v1/keys</c>) and the ping key (<c>/api/v1/ping-key</c>); all need a write key.</summary>
public static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/keys").RequireScope(Scope.Write);
        keys.MapPost("", CreateAsync);
        keys.MapGet("", (ApiKeys service) =>
            Results.Json(new ApiKeyList([.. service.List().Select(k => new ApiKeyView(k.Id, k.Name, k.Scope, k.Prefix, k.CreatedAt))]), VigilJson.Default.ApiKeyList));
        keys.MapDelete("/{id}", async (string id, ApiKeys service) =>
            Guid.TryParse(id, out var guid) && await service.DeleteAsync(guid)
                ? Results.NoContent()
                : Problem.Of(404, $"no API key has id {id}").ToResult());

        app.MapGet("/api/v1/ping-key", (PingKey key) => Results.Json(new PingKeyView(key.Value), VigilJson.Default.PingKeyView))
            .RequireScope(Scope.Write);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ApiKeys service)
    {
        var (document, problem) = await JsonBody.ReadAsync(context);
        if (problem is not null)
            return problem.ToResult();
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
                return Problem.Field("(body)", "must be a JSON object").ToResult();
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.String ? n.GetString()!.Trim() : "";
            if (name.Length is 0 or > 100)
                return Problem.Field("name", "is required: a string of 1 to 100 characters").ToResult();
            var scopeText = root.TryGetProperty("scope", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.String ? s.GetString() : "read";
            if (!ApiKeys.TryParseScope(scopeText, out var scope))
                return Problem.Field("scope", "must be 'read' or 'write'").ToResult();
            var (key, secret) = await service.CreateAsync(name, scope);
            var view = new ApiKeyView(key.Id, key.Name, key.Scope, key.Prefix, key.CreatedAt, secret);
            return Results.Json(view, VigilJson.Default.ApiKeyView, statusCode: StatusCodes.Status201Created);
        }
    }
}
