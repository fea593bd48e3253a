using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration;

/// <summary>Writes override settings into the parsed file's tree, so one reader validates file and overrides alike.</summary>
internal static class YamlOverlay
{
    public static void Apply(YamlMappingNode root, IEnumerable<ConfigSetting> settings, ConfigReadContext context)
    {
        foreach (var setting in settings)
        {
            var segments = setting.KeyPath.Split('.');
            YamlMappingNode? mapping = root;
            foreach (var segment in segments[..^1])
            {
                mapping = ChildMapping(mapping, segment);
                if (mapping is null)
                    break;
            }
            if (mapping is null)
                continue; // the file has a non-mapping on the way, which the reader reports
            // Plain style: an empty value or "null" means "use the default", as in the file.
            var node = new YamlScalarNode(setting.Value ?? "") { Style = ScalarStyle.Plain };
            Set(mapping, segments[^1], node);
            context.SetOrigin(node, setting.Origin);
        }
    }

    private static YamlMappingNode? ChildMapping(YamlMappingNode parent, string key)
    {
        var existing = Find(parent, key);
        if (existing is YamlMappingNode mapping)
            return mapping;
        if (!YamlMapReader.IsNull(existing))
            return null;
        var created = new YamlMappingNode();
        Set(parent, key, created);
        return created;
    }

    private static YamlNode? Find(YamlMappingNode parent, string key) =>
        parent.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: var name } && name == key).Value;

    private static void Set(YamlMappingNode parent, string key, YamlNode value)
    {
        var existingKey = parent.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var name } && name == key);
        if (existingKey is null)
            parent.Children.Add(new YamlScalarNode(key), value);
        else
            parent.Children[existingKey] = value;
    }
}
