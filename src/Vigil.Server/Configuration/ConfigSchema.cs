using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration;

/// <summary>
/// Every key path the configuration knows, learned by running <see cref="OptionsReader"/> over an empty document
/// (each read records its path), so the schema is written once, in the reader. Used to check override names.
/// </summary>
internal sealed class ConfigSchema
{
    private ConfigSchema(ConfigReadContext discovered)
    {
        Leaves = discovered.Leaves.Order(StringComparer.Ordinal).ToArray();
        Sections = discovered.Sections.ToHashSet(StringComparer.Ordinal);
        Lists = discovered.Lists.ToHashSet(StringComparer.Ordinal);
    }

    public static ConfigSchema Instance { get; } = Discover();

    /// <summary>Paths of single values, sorted: <c>auth.api_key</c>, <c>benchmarking.enable_benchmarks</c>, ...</summary>
    public IReadOnlyList<string> Leaves { get; }

    public IReadOnlySet<string> Sections { get; }

    public IReadOnlySet<string> Lists { get; }

    public bool IsLeaf(string path) => Leaves.Contains(path, StringComparer.Ordinal);

    private static ConfigSchema Discover()
    {
        var context = new ConfigReadContext();
        OptionsReader.Read(new YamlMapReader(context, "", new YamlMappingNode()));
        return new ConfigSchema(context);
    }
}
