using System.Net.Sockets;
using Vigil.Core.Checks;

namespace Vigil.Checks.Probes.Http;

/// <summary>Names the error class and a short message for a request that got no usable response.</summary>
internal static class HttpFailures
{
    public static (CheckError Error, string Message) Classify(HttpRequestException exception, ConnectionTimeline timeline)
    {
        // The connect and TLS callbacks know exactly what failed; the client only wraps it.
        if (timeline.FailureError != CheckError.None)
            return (timeline.FailureError, timeline.FailureMessage);
        var detail = Innermost(exception);
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => (CheckError.Dns, $"could not resolve host: {detail}"),
            HttpRequestError.ConnectionError => (CheckError.Connect, detail),
            HttpRequestError.SecureConnectionError => (CheckError.Tls, $"TLS handshake failed: {detail}"),
            HttpRequestError.ResponseEnded => (CheckError.Protocol, "connection closed before a full response"),
            _ when exception.InnerException is SocketException socket => (CheckError.Connect, SocketErrorText.Describe(socket)),
            _ => (CheckError.Protocol, $"bad response: {detail}"),
        };
    }

    /// <summary>A failure while the body was being read: the response had started, so it is a broken response.</summary>
    public static string DescribeBodyFailure(IOException exception) =>
        exception is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }
            ? "connection closed before the whole body arrived"
            : $"reading the body failed: {Innermost(exception)}";

    private static string Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
            exception = inner;
        return exception is SocketException socket ? SocketErrorText.Describe(socket) : exception.Message;
    }
}
