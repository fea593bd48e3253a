using System.Globalization;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes.Http;

/// <summary>The checks on a response's status line and headers. Each returns null when it passes, else a short reason.</summary>
internal static class ResponseAssertions
{
    public static bool StatusAccepted(IReadOnlyList<StatusRange> ranges, int code)
    {
        foreach (var range in ranges)
        {
            if (range.Contains(code))
                return true;
        }
        return false;
    }

    public static string DescribeStatusFailure(IReadOnlyList<StatusRange> ranges, int code) =>
        $"HTTP {code.ToString(CultureInfo.InvariantCulture)}, expected {string.Join(", ", ranges)}";

    public static string? CheckHeaders(IReadOnlyList<HeaderAssertion> assertions, HttpResponseMessage response)
    {
        foreach (var assertion in assertions)
        {
            if (!response.Headers.NonValidated.TryGetValues(assertion.Name, out var values)
                && !response.Content.Headers.NonValidated.TryGetValues(assertion.Name, out values))
                return $"header {assertion.Name} missing";
            if (assertion.Contains is null)
                continue;
            var matched = false;
            foreach (var value in values)
                matched = matched || value.Contains(assertion.Contains, StringComparison.OrdinalIgnoreCase);
            if (!matched)
                return $"header {assertion.Name} is \"{TextExcerpt.Of(values.ToString())}\", expected it to contain \"{TextExcerpt.Of(assertion.Contains)}\"";
        }
        return null;
    }

    /// <summary>
    /// The handler returns the last 3xx when it stops following: because the limit was reached, or because the
    /// redirect went from https to http, which it never follows.
    /// </summary>
    public static string? CheckRedirectFollowed(HttpCheckSpec spec, HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        if (!spec.FollowRedirects || code is < 300 or > 308 || response.Headers.Location is not { } location)
            return null;
        var from = response.RequestMessage?.RequestUri;
        if (from is not null && !location.IsAbsoluteUri)
            location = new Uri(from, location);
        if (from?.Scheme == Uri.UriSchemeHttps && location.Scheme == Uri.UriSchemeHttp)
            return $"redirect from https to http not followed ({TextExcerpt.Of(location.OriginalString)})";
        return $"too many redirects (more than {spec.MaxRedirects.ToString(CultureInfo.InvariantCulture)}), last to {TextExcerpt.Of(location.OriginalString)}";
    }
}
