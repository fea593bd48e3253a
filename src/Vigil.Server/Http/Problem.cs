using System.Text.Json;
using Vigil.Core.Monitors;

namespace Vigil.Server.Http;

/// <summary>An RFC 9457 problem document. <see cref="Errors"/> names each bad field.</summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, IReadOnlyList<FieldError>? Errors = null)
{
    public const string ContentType = "application/problem+json";

    public static Problem Validation(IReadOnlyList<FieldError> errors) =>
        new("about:blank", "Invalid request", 400, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), errors);

    public static Problem Field(string field, string message, int status = 400) =>
        new("about:blank", status == 400 ? "Invalid request" : Titles.For(status), status, $"{field}: {message}", [new FieldError(field, message)]);

    public static Problem Of(int status, string detail) => new("about:blank", Titles.For(status), status, detail);

    /// <summary>Writes the problem as the response, with Retry-After when given.</summary>
    public Task WriteAsync(HttpContext context, int? retryAfterSeconds = null)
    {
        var response = context.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        if (retryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Status == 401)
            response.Headers.WWWAuthenticate = "Bearer";
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : JsonSerializer.SerializeAsync(response.Body, this, VigilJson.Default.Problem, context.RequestAborted);
    }

    public IResult ToResult(int? retryAfterSeconds = null) => new ProblemResult(this, retryAfterSeconds);

    private sealed class ProblemResult(Problem problem, int? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => problem.WriteAsync(httpContext, retryAfter);
    }

    private static class Titles
    {
        public static string For(int status) => status switch
        {
            400 => "Invalid request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not found",
            405 => "Method not allowed",
            409 => "Conflict",
            413 => "Request too large",
            415 => "Unsupported media type",
            429 => "Too many requests",
            503 => "Service unavailable",
            _ => "Server error",
        };
    }
}
