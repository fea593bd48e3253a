namespace Vigil.Server.Configuration;

/// <summary>One value set outside the file: the key path it sets, the raw text (null or empty = default),
/// and what set it (an env var name or a flag), for error messages.</summary>
internal sealed record ConfigSetting(string KeyPath, string? Value, string Origin);
