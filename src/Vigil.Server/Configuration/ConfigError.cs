namespace Vigil.Server.Configuration;

/// <summary>One problem with the configuration. <see cref="KeyPath"/> is the YAML key path (<c>storage.durability</c>,
/// <c>monitors[2].cron</c>), <c>env:NAME</c> / <c>override:path</c> for a bad override name, or <c>(file)</c> for the file itself.</summary>
public sealed record ConfigError(string KeyPath, string Message)
{
    public override string ToString() => $"{KeyPath}: {Message}";
}
