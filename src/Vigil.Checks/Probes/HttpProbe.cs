using System.Globalization;
using Vigil.Checks.Probes.Http;
using Vigil.Core.Caching;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes;

/// <summary>
/// An HTTP(S) request and its assertions. Handlers are long-lived and shared by all monitors, so repeated checks of
/// a target reuse its keep-alive connections. On a reused connection no DNS, connect or TLS phase happens, and those
/// phases are null in the result. When a new connection was made for a check, its phases are those of that
/// connection (the last one, after redirects).
/// </summary>
public sealed class HttpProbe : Probe<HttpCheckSpec>, IDisposable
{
    private static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromMilliseconds(250);

    // "HTTP 200" etc., made once instead of on every successful check.
    private static readonly string[] StatusMessages = Enumerable.Range(0, 600).Select(code => "HTTP " + code.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly HttpProbeOptions _options;
    private readonly TimeProvider _time;
    private readonly TlsCertificates _certificates;
    private readonly RegexCache _regexes;
    private readonly HttpHandlerCache _handlers;

    public HttpProbe(HttpProbeOptions options, TimeProvider time)
        : this(options, time, new DnsCache(options.DnsCacheTtl, options.DnsCacheCapacity, time))
    {
    }

    /// <summary>With a DNS cache shared with other probes (the TCP probe).</summary>
    public HttpProbe(HttpProbeOptions options, TimeProvider time, DnsCache dnsCache)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBodyBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnectionsPerServer, 1);
        _options = options;
        _time = time;
        _certificates = new TlsCertificates(options.CertificateCacheCapacity);
        _regexes = new RegexCache("http_regex", options.RegexCacheCapacity, RegexMatchTimeout);
        DnsCache = dnsCache;
        _handlers = new HttpHandlerCache(options, dnsCache, _certificates, time);
    }

    public override string Type => "http";

    public DnsCache DnsCache { get; }

    /// <summary>This probe's caches, for metrics (the DNS cache is shared with the TCP probe and listed there too).</summary>
    public IEnumerable<CacheStats> Caches => [DnsCache.Stats, _certificates.Stats, _regexes.Stats];

    /// <summary>Halves the caches this probe owns (the shared DNS cache is its owner's to shrink).</summary>
    public void ShrinkCaches()
    {
        _certificates.ShrinkByHalf();
        _regexes.ShrinkByHalf();
    }

    public void Dispose() => _handlers.Dispose();

    protected override async Task<ProbeResult> RunAsync(HttpCheckSpec spec, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetTimestamp();
        ProbeRequest request;
        try
        {
            request = CreateRequest(spec);
        }
        catch (FormatException exception)
        {
            return ProbeResult.Failure(CheckError.Protocol, $"invalid request: {exception.Message}", _time.GetElapsedTime(startedAt));
        }
        using var disposeRequest = request;
        var timeline = request.Timeline;
        timeline.StartedAt = startedAt;
        HttpResponseMessage response;
        try
        {
            response = await _handlers.Get(spec).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (error, message) = HttpFailures.Classify(exception, timeline);
            return Finish(timeline, error, message);
        }
        catch (NotSupportedException exception)
        {
            // A scheme other than http or https: nothing was sent.
            return Finish(timeline, CheckError.Protocol, $"invalid request: {exception.Message}");
        }
        using (response)
        {
            timeline.FirstByteAt = _time.GetTimestamp();
            try
            {
                return await ReadAndAssertAsync(spec, response, timeline, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Finish(timeline, CheckError.Protocol, HttpFailures.DescribeBodyFailure(exception));
            }
        }
    }

    private async Task<ProbeResult> ReadAndAssertAsync(
        HttpCheckSpec spec, HttpResponseMessage response, ConnectionTimeline timeline, CancellationToken cancellationToken)
    {
        string? bodyFailure = null;
        if (BodyAssertions.NeedsBody(spec))
        {
            using var body = await ResponseBody.ReadAsync(response.Content, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            bodyFailure = body.TooLarge
                ? $"body larger than the {_options.MaxBodyBytes.ToString(CultureInfo.InvariantCulture)}-byte limit"
                : BodyAssertions.Check(spec, body.Memory, _regexes);
        }
        else
            await ResponseBody.DrainAsync(response.Content, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);

        var code = (int)response.StatusCode;
        if (ResponseAssertions.CheckRedirectFollowed(spec, response) is { } redirectFailure)
            return Finish(timeline, CheckError.Protocol, redirectFailure);
        if (CheckCertificateExpiry(spec, response) is { } expiryFailure)
            return Finish(timeline, CheckError.Tls, expiryFailure);
        if (!ResponseAssertions.StatusAccepted(spec.ExpectedStatus, code))
            return Finish(timeline, CheckError.HttpStatus, ResponseAssertions.DescribeStatusFailure(spec.ExpectedStatus, code));
        if (ResponseAssertions.CheckHeaders(spec.ResponseHeaders, response) is { } headerFailure)
            return Finish(timeline, CheckError.Assertion, headerFailure);
        if (bodyFailure is not null)
            return Finish(timeline, CheckError.Assertion, bodyFailure);

        var result = Finish(timeline, CheckError.None, code < StatusMessages.Length ? StatusMessages[code] : "HTTP " + code.ToString(CultureInfo.InvariantCulture));
        if (spec.MaxResponseTime is { } limit && result.Latency > limit)
            return result with { Ok = false, Error = CheckError.Assertion, Message = $"response took {Milliseconds(result.Latency)} ms, limit {Milliseconds(limit)} ms" };
        return result;
    }

    private string? CheckCertificateExpiry(HttpCheckSpec spec, HttpResponseMessage response)
    {
        var url = response.RequestMessage?.RequestUri ?? spec.Url;
        if (spec.CertExpiryDays is not { } days || url.Scheme != Uri.UriSchemeHttps || !_certificates.TryGetExpiry(url, out var notAfter))
            return null;
        return TlsCertificates.CheckExpiry(notAfter, days, _time.GetUtcNow());
    }

    private ProbeRequest CreateRequest(HttpCheckSpec spec)
    {
        var request = new ProbeRequest(HttpMethod.Parse(spec.Method), spec.Url);
        if (spec.Body is not null)
            request.Content = new StringContent(spec.Body); // text/plain; charset=utf-8 unless a Content-Type header says otherwise
        var hasUserAgent = false;
        foreach (var (name, value) in spec.Headers)
        {
            hasUserAgent |= name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
            // Content-Type and the other content headers belong to the body, and only exist with one.
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is { } content)
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (!hasUserAgent)
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        return request;
    }

    private ProbeResult Finish(ConnectionTimeline timeline, CheckError error, string message)
    {
        var phases = timeline.ToPhases(_time, _time.GetTimestamp());
        return error == CheckError.None
            ? ProbeResult.Success(phases.Total, message, phases)
            : ProbeResult.Failure(error, message, phases.Total, phases);
    }

    private static string Milliseconds(TimeSpan time) => ((long)time.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
