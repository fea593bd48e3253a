using System.Text.Json;

namespace Vigil.Server.Http;

/// <summary>Reads a JSON request body, turning every client mistake into a problem that says what and where.</summary>
public static class JsonBody
{
    public const int MaxBytes = 1 << 20;

    public static async Task<(JsonDocument? Document, Problem? Problem)> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is { } type && !IsJson(type))
            return (null, Problem.Of(415, $"the body must be JSON (Content-Type application/json), not '{type}'"));
        if (request.ContentLength > MaxBytes)
            return (null, Problem.Of(413, $"the body is larger than {MaxBytes} bytes"));
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, default, context.RequestAborted);
            return (document, null);
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" at line {line + 1}, byte {error.BytePositionInLine + 1}" : "";
            return (null, Problem.Field("(body)", $"is not valid JSON{where}"));
        }
    }

    public static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
        contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}
