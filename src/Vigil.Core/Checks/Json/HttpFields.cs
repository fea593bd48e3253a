using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Core.Checks.Specs;

namespace Vigil.Core.Checks.Json;

/// <summary>The fields of an <c>http</c> monitor.</summary>
internal static class HttpFields
{
    private static readonly HashSet<string> Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    public static HttpCheckSpec? Read(CheckFields f, HttpCheckSpec? current)
    {
        var url = f.Custom("url", current?.Url, v => v.ValueKind == JsonValueKind.String && Uri.TryCreate(v.GetString(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? (u, null)
            : (null, "must be an absolute http:// or https:// URL"));
        var d = current ?? new HttpCheckSpec { Url = url ?? new Uri("http://invalid/") };
        var spec = d with
        {
            Url = url ?? d.Url,
            Method = f.Text("method", d.Method, m => Methods.Contains(m) ? null : $"must be one of {string.Join(", ", Methods)}"),
            Headers = f.TextMap("headers", d.Headers, 50),
            Body = f.OptionalText("body", d.Body, b => b.Length <= 65_536 ? null : "must be at most 65536 characters"),
            FollowRedirects = f.Bool("follow_redirects", d.FollowRedirects),
            MaxRedirects = f.Int("max_redirects", d.MaxRedirects, 0, 20),
            ExpectedStatus = f.Custom("expected_status", d.ExpectedStatus, ParseStatus),
            BodyContains = f.OptionalText("body_contains", d.BodyContains),
            BodyRegex = f.OptionalText("body_regex", d.BodyRegex, ValidRegex),
            Json = f.Custom("json", d.Json, ParseJsonAssertions),
            ResponseHeaders = f.Custom("response_headers", d.ResponseHeaders, ParseHeaderAssertions),
            MaxResponseTime = f.OptionalMilliseconds("max_response_ms", d.MaxResponseTime, 1, CheckSpecReader.MaxTimeoutSeconds * 1000),
            VerifyTls = f.Bool("verify_tls", d.VerifyTls),
            CertExpiryDays = f.OptionalInt("cert_expiry_days", d.CertExpiryDays, 0, 3650),
        };
        return CheckSpecReader.Require(f, "url", url) is null ? null : spec;
    }

    /// <summary>A list of codes (200) and ranges ("200-299").</summary>
    private static (IReadOnlyList<StatusRange>? Value, string? Error) ParseStatus(JsonElement v)
    {
        const string Shape = "must be a list of status codes (100-599) or ranges such as \"200-299\"";
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() is 0 or > 50)
            return (null, Shape);
        var ranges = new List<StatusRange>();
        foreach (var item in v.EnumerateArray())
        {
            StatusRange? range = item.ValueKind switch
            {
                JsonValueKind.Number when item.TryGetInt32(out var code) => new StatusRange(code, code),
                JsonValueKind.String => ParseRange(item.GetString()!),
                _ => null,
            };
            if (range is not { } r || r.From < 100 || r.To > 599 || r.From > r.To)
                return (null, Shape);
            ranges.Add(r);
        }
        return (ranges, null);
    }

    private static StatusRange? ParseRange(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        var ok = int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from);
        var to = from;
        if (parts.Length == 2)
            ok &= int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out to);
        return ok && parts.Length <= 2 ? new StatusRange(from, to) : null;
    }

    /// <summary>[{"path": "$.status", "equals": "ok"}, {"path": "$.items[0]"}]: without equals, the path must exist.</summary>
    private static (IReadOnlyList<JsonAssertion>? Value, string? Error) ParseJsonAssertions(JsonElement v)
    {
        const string Shape = "must be a list of {\"path\": \"$.a.b\", \"equals\": <JSON value>} (equals optional)";
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > 20)
            return (null, Shape);
        var list = new List<JsonAssertion>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String
                || !(path.GetString()!.StartsWith('$')) || item.EnumerateObject().Any(p => p.Name is not ("path" or "equals")))
                return (null, Shape);
            list.Add(new JsonAssertion(path.GetString()!, item.TryGetProperty("equals", out var equals) ? equals.GetRawText() : null));
        }
        return (list, null);
    }

    /// <summary>[{"name": "content-type", "contains": "json"}]: without contains, the header must be present.</summary>
    private static (IReadOnlyList<HeaderAssertion>? Value, string? Error) ParseHeaderAssertions(JsonElement v)
    {
        const string Shape = "must be a list of {\"name\": \"...\", \"contains\": \"...\"} (contains optional)";
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > 20)
            return (null, Shape);
        var list = new List<HeaderAssertion>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || item.EnumerateObject().Any(p => p.Name is not ("name" or "contains")))
                return (null, Shape);
            string? contains = null;
            if (item.TryGetProperty("contains", out var c))
            {
                if (c.ValueKind != JsonValueKind.String)
                    return (null, Shape);
                contains = c.GetString();
            }
            list.Add(new HeaderAssertion(name.GetString()!, contains));
        }
        return (list, null);
    }

    private static string? ValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return pattern.Length <= 1000 ? null : "must be at most 1000 characters";
        }
        catch (ArgumentException e)
        {
            return $"is not a valid regular expression: {e.Message}";
        }
    }
}
