namespace Vigil.Checks.Probes.Http;

/// <summary>
/// A request that carries its check's timeline to the handler's connect and TLS callbacks, which see it as their
/// context's InitialRequestMessage. A subclass rather than an Options entry: no dictionary per request.
/// </summary>
internal sealed class ProbeRequest(HttpMethod method, Uri url) : HttpRequestMessage(method, url)
{
    public ConnectionTimeline Timeline { get; } = new();
}
