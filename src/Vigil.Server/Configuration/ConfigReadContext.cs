using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration;

/// <summary>State shared by every reader during one load: the error list, where overridden values came from,
/// and every key path the readers asked for (which is how <see cref="ConfigSchema"/> learns the schema).</summary>
internal sealed class ConfigReadContext
{
    private readonly Dictionary<YamlNode, string> _origins = new(ReferenceEqualityComparer.Instance);

    public List<ConfigError> Errors { get; } = [];

    /// <summary>The environment the config was loaded with, for <c>${NAME}</c> values (<see cref="EnvSubstitution"/>).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Key paths of single values (<c>storage.durability</c>).</summary>
    public HashSet<string> Leaves { get; } = new(StringComparer.Ordinal);

    /// <summary>Key paths of mappings (<c>storage</c>, <c>benchmarking.performance_thresholds</c>).</summary>
    public HashSet<string> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>Key paths of lists (<c>monitors</c>) and of values read whole (<c>alerts.defaults</c>): only the file sets them.</summary>
    public HashSet<string> Lists { get; } = new(StringComparer.Ordinal);

    /// <summary>Marks <paramref name="node"/> as set by an override, so errors about its value say where it came from.</summary>
    public void SetOrigin(YamlNode node, string origin) => _origins[node] = origin;

    public void Error(string keyPath, string message) => Errors.Add(new ConfigError(keyPath, message));

    /// <summary>An error about a value; names the env var or flag when the value came from one.</summary>
    public void ValueError(string keyPath, YamlNode? node, string message)
    {
        if (node is not null && _origins.TryGetValue(node, out var origin))
            message += $" (from {origin})";
        Error(keyPath, message);
    }

    public bool HasErrorAt(string keyPath) => Errors.Exists(e => e.KeyPath == keyPath);
}
