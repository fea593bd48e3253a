namespace Vigil.Core.Checks.Specs;

/// <summary>An HTTP(S) request and what its response must look like.</summary>
public sealed record HttpCheckSpec : CheckSpec
{
    public override string Type => "http";

    public required Uri Url { get; init; }
    public string Method { get; init; } = "GET";
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public string? Body { get; init; }
    public bool FollowRedirects { get; init; } = true;
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Accepted status codes as inclusive ranges. Default 200–399.</summary>
    public IReadOnlyList<StatusRange> ExpectedStatus { get; init; } = [new(200, 399)];

    public string? BodyContains { get; init; }
    public string? BodyRegex { get; init; }
    public IReadOnlyList<JsonAssertion> Json { get; init; } = [];
    public IReadOnlyList<HeaderAssertion> ResponseHeaders { get; init; } = [];

    /// <summary>A response slower than this fails as an assertion (unlike <see cref="CheckSpec.DegradedAfter"/>, which only degrades).</summary>
    public TimeSpan? MaxResponseTime { get; init; }

    public bool VerifyTls { get; init; } = true;

    /// <summary>Fail when the server certificate expires within this many days. Null: no expiry check beyond validity.</summary>
    public int? CertExpiryDays { get; init; }
}

/// <summary>An inclusive range of HTTP status codes; a single code has From == To.</summary>
public readonly record struct StatusRange(int From, int To)
{
    public bool Contains(int code) => code >= From && code <= To;

    public override string ToString() => From == To ? From.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{From}-{To}";
}

/// <summary>
/// A check on a JSON response body. <see cref="Path"/> is a simple JSON path: <c>$.a.b[0].c</c>.
/// With <see cref="EqualsJson"/> null, the path must merely exist; otherwise the value found must equal it
/// (compared as JSON: <c>"up"</c>, <c>3</c>, <c>true</c>, <c>null</c>).
/// </summary>
public sealed record JsonAssertion(string Path, string? EqualsJson);

/// <summary>A response header that must be present; with <see cref="Contains"/>, its value must contain that text (ordinal, ignoring case).</summary>
public sealed record HeaderAssertion(string Name, string? Contains);
