namespace Vigil.Server.Configuration;

/// <summary>Commented starter config files: <c>small</c> for one machine, <c>large</c> for about a million monitors.</summary>
public static partial class ConfigTemplates
{
    public const string SmallName = "small";
    public const string LargeName = "large";

    public static IReadOnlyList<string> Names { get; } = [SmallName, LargeName];

    /// <summary>The template's YAML text.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static string Render(string template) => template?.Trim().ToLowerInvariant() switch
    {
        SmallName => Small,
        LargeName => Large,
        _ => throw new ArgumentException($"Unknown config template '{template}'; known: {string.Join(", ", Names)}.", nameof(template)),
    };
}
