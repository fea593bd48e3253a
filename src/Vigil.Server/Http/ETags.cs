using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Vigil.Server.Http;

/// <summary>Writes a JSON read with a strong ETag taken from its bytes, and answers 304 when the client has it already.</summary>
public static class ETags
{
    public static IResult Json<T>(T value, JsonTypeInfo<T> type) => new ETaggedJson<T>(value, type);

    private sealed class ETaggedJson<T>(T value, JsonTypeInfo<T> type) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
            var tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16))}\"";
            var response = context.Response;
            response.Headers.ETag = tag;
            response.Headers.CacheControl = "no-cache";
            if (Matches(context.Request.Headers.IfNoneMatch.ToString(), tag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = bytes.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
                await response.Body.WriteAsync(bytes, context.RequestAborted);
        }

        private static bool Matches(string ifNoneMatch, string tag) =>
            ifNoneMatch.Length > 0 && (ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',').Any(t => t.Trim().TrimStart('W', '/') == tag));
    }
}
