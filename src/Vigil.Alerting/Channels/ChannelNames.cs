namespace Vigil.Alerting.Channels;

/// <summary>What a channel's name may be. Names are unique ignoring case, and never a UUID, so "id or name" (how a
/// monitor or the API names a channel) is never ambiguous.</summary>
public static class ChannelNames
{
    public const int MaxLength = 100;

    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>The problem with <paramref name="name"/>, or null when it is fine.</summary>
    public static string? Problem(string? name) => name switch
    {
        null or "" => "is required",
        _ when name.Length > MaxLength => $"must be at most {MaxLength} characters",
        _ when name.Trim().Length == 0 => "must not be blank",
        _ when name.Trim() != name => "must not start or end with spaces",
        _ when name.Any(char.IsControl) => "must not contain control characters",
        _ when Guid.TryParse(name, out _) => "must not be a UUID (channels are looked up by id or name)",
        _ => null,
    };
}
