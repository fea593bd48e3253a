namespace Vigil.Server.Configuration;

/// <summary>Value checks for string keys. Each returns a complete error message, or null when the value is fine.
/// Checks for secrets say "(hidden)" instead of the value.</summary>
internal static class ConfigChecks
{
    public const int MinApiKeyLength = 16;
    public const int MinPingKeyLength = 16;
    public const int MaxPingKeyLength = 128;

    public static string? NotEmpty(string value) => value.Trim().Length == 0 ? "must not be empty" : null;

    /// <summary><c>server.urls</c>: a ';'-separated list of absolute http(s) URLs that Kestrel can bind.</summary>
    public static string? ListenUrls(string value)
    {
        var urls = SplitUrls(value);
        if (urls.Count == 0)
            return "must list at least one URL";
        foreach (var url in urls)
        {
            // Kestrel accepts '*' and '+' as "any address"; Uri does not, so check the rest with a stand-in host.
            var parsable = url.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal);
            if (!IsHttpUrl(parsable, out var uri))
                return $"'{url}' is not an absolute http:// or https:// URL";
            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
                return $"'{url}' must be scheme, host and port only (the server cannot listen on a path)";
        }
        return null;
    }

    public static IReadOnlyList<string> SplitUrls(string value) =>
        value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static string? PublicUrl(string value) =>
        IsHttpUrl(value.Trim(), out _) ? null : $"must be an absolute http:// or https:// URL (got '{value}')";

    public static string? BearerToken(string value) =>
        value.Length >= MinApiKeyLength ? null : $"must be at least {MinApiKeyLength} characters when set (got (hidden))";

    public static string? ApiKey(string value) =>
        value.Length >= MinApiKeyLength ? null : $"must be at least {MinApiKeyLength} characters (got (hidden))";

    public static string? PingKey(string value)
    {
        var ok = value.Length is >= MinPingKeyLength and <= MaxPingKeyLength
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        return ok ? null : $"must be {MinPingKeyLength} to {MaxPingKeyLength} characters of A-Z, a-z, 0-9, '_' or '-' (got (hidden))";
    }

    private static bool IsHttpUrl(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
