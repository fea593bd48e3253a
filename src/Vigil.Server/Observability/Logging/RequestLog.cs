using System.Collections;
using Vigil.Server.Observability.Requests;

namespace Vigil.Server.Observability.Logging;

/// <summary>
/// Log lines written while handling a request, each in a scope naming the request: its id
/// (<see cref="HttpContext.TraceIdentifier"/>, also in 500 answers), method and route. The scope opens only when the
/// line is enabled, so a request that logs nothing (every ping) pays nothing: no AsyncLocal, no allocation.
/// Never put a path's raw query in a line; paths themselves carry no secret except a ping URL's, and ping handling
/// does not log.
/// </summary>
public static class RequestLog
{
    public static void Write(this ILogger logger, HttpContext context, LogLevel level, Exception? error, string message, params object?[] args)
    {
        if (!logger.IsEnabled(level))
            return;
        using var scope = logger.BeginScope(new RequestScope(context));
#pragma warning disable CA2254 // the template is the caller's constant; this only forwards it
        logger.Log(level, error, message, args);
#pragma warning restore CA2254
    }

    public static void Information(this ILogger logger, HttpContext context, string message, params object?[] args) =>
        logger.Write(context, LogLevel.Information, null, message, args);

    public static void Warning(this ILogger logger, HttpContext context, Exception? error, string message, params object?[] args) =>
        logger.Write(context, LogLevel.Warning, error, message, args);

    public static void Error(this ILogger logger, HttpContext context, Exception? error, string message, params object?[] args) =>
        logger.Write(context, LogLevel.Error, error, message, args);

    /// <summary>The scope's state: the JSON console writes each pair as a property of the line's scope.</summary>
    public sealed class RequestScope(HttpContext context) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public const string RequestIdKey = "RequestId";

        private readonly string _requestId = context.TraceIdentifier;
        private readonly string _method = context.Request.Method;
        private readonly string _route = context.GetEndpoint() is { } endpoint ? RequestWindows.RouteOf(endpoint) : RequestWindows.Unmatched;

        public int Count => 3;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new(RequestIdKey, _requestId),
            1 => new("Method", _method),
            2 => new("Route", _route),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
                yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestId:{_requestId} {_method} {_route}";
    }
}
