using Vigil.Server.Http;

namespace Vigil.Server.Auth;

/// <summary>Requires a bearer API key with at least the given scope: 401 without a valid key, 403 with too little scope.</summary>
public sealed class ScopeFilter(Scope required) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
            return Problem.Of(401, "an API key is required: send 'Authorization: Bearer <key>'").ToResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            return Problem.Of(401, "the Authorization header must be 'Bearer <key>'").ToResult();
        var keys = http.RequestServices.GetRequiredService<ApiKeys>();
        var scope = keys.Authenticate(header[7..].Trim());
        if (scope is null)
            return Problem.Of(401, "the API key is not valid (unknown or deleted)").ToResult();
        if (required == Scope.Write && scope != Scope.Write)
            return Problem.Of(403, "this API key has the read scope; this request needs a write key").ToResult();
        return await next(context);
    }
}

public static class ScopeFilterExtensions
{
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, Scope scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ScopeFilter(scope));
}
