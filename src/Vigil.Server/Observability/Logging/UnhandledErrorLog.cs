namespace Vigil.Server.Observability.Logging;

/// <summary>
/// The line for a request that failed with an unhandled exception, written by Vigil's exception handler in place of
/// the framework's (which has no request id without the per-request hosting scope). The 500 answer names the same id.
/// </summary>
public static class UnhandledErrorLog
{
    public const string Category = "Vigil.Server.Requests";

    /// <summary>For <see cref="Microsoft.AspNetCore.Builder.ExceptionHandlerOptions.SuppressDiagnosticsCallback"/>: the
    /// framework's line for a handled exception is replaced by <see cref="Write"/>.</summary>
    public static bool SuppressFrameworkLine(Microsoft.AspNetCore.Diagnostics.ExceptionHandlerSuppressDiagnosticsContext context) => true;

    public static void Write(HttpContext context, Exception error)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        logger.Error(context, error, "Request {RequestId} failed with an unhandled {Exception}", context.TraceIdentifier, error.GetType().Name);
    }
}
