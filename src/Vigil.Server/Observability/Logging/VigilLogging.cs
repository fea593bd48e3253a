using Vigil.Server.Configuration;

namespace Vigil.Server.Observability.Logging;

/// <summary>
/// Console logging as configured by <c>logging.format</c> and <c>logging.level</c>: one JSON object per line (the
/// default, for log shippers) or one text line. Request-time lines carry the request id through a scope that is only
/// opened when a line is written (see <see cref="RequestLog"/>), never per request.
/// </summary>
public static class VigilLogging
{
    public static ILoggingBuilder AddVigilConsole(this ILoggingBuilder logging, LoggingOptions options)
    {
        logging.ClearProviders();
        if (options.Format == LogFormat.Json)
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        else
            logging.AddSimpleConsole(simple =>
            {
                simple.SingleLine = true;
                simple.IncludeScopes = true;
                simple.UseUtcTimestamp = true;
                simple.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            });
        logging.SetMinimumLevel(options.Level);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Off entirely: while enabled at any level it opens a logging scope (an AsyncLocal) on every request, which
        // showed on the ping hot path. Vigil's own request-time lines carry the request id instead.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        return logging;
    }
}
