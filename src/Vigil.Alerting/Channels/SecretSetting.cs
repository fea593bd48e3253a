namespace Vigil.Alerting.Channels;

/// <summary>How a secret setting is hidden when a channel is shown.</summary>
public enum SecretKind
{
    /// <summary>Shown as <c>"(set)"</c>.</summary>
    Value,
    /// <summary>A URL whose path or query carries the token: shown as <c>scheme://host/…</c>, so one can still tell
    /// where it points.</summary>
    Url,
    /// <summary>An object of strings (headers): names shown, every value <c>"(set)"</c>.</summary>
    MapValues,
}

/// <summary>One setting of a channel type that holds a secret, named by its JSON key.</summary>
public sealed record SecretSetting(string Field, SecretKind Kind)
{
    public static SecretSetting Value(string field) => new(field, SecretKind.Value);

    public static SecretSetting Url(string field) => new(field, SecretKind.Url);

    public static SecretSetting MapValues(string field) => new(field, SecretKind.MapValues);
}
