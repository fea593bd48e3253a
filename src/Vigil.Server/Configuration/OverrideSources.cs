namespace Vigil.Server.Configuration;

/// <summary>Reads settings from environment variables (<c>VIGIL_SECTION__KEY</c>) and command-line overrides
/// (<c>section.key</c>), checking each name against <see cref="ConfigSchema"/> so a typo is an error, not ignored.</summary>
internal static class OverrideSources
{
    public const string EnvPrefix = "VIGIL_";
    public const string ApiKeyVariable = "VIGIL_API_KEY";
    public const string ApiKeyPath = "auth.api_key";

    public static List<ConfigSetting> FromEnvironment(IReadOnlyDictionary<string, string?> environment, ConfigSchema schema, ConfigReadContext context)
    {
        var settings = new List<ConfigSetting>();
        // Sorted so the errors and the winner between two spellings of one key are the same on every machine.
        var variables = environment
            .Where(e => e.Key.StartsWith(EnvPrefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Key, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            var path = name.Equals(ApiKeyVariable, StringComparison.OrdinalIgnoreCase)
                ? ApiKeyPath
                : string.Join('.', name[EnvPrefix.Length..].ToLowerInvariant().Split("__"));
            if (IsSettable(path, $"env:{name}", EnvName, schema, context))
                settings.Add(new ConfigSetting(path, value, name));
        }
        var apiKeys = settings.Where(s => s.KeyPath == ApiKeyPath).ToList();
        if (apiKeys.Count > 1 && apiKeys.Select(s => s.Value).Distinct().Count() > 1)
            context.Error($"env:{apiKeys[0].Origin}", $"conflicts with {apiKeys[1].Origin} (both set auth.api_key to different values); set only one");
        return settings;
    }

    public static List<ConfigSetting> FromOverrides(IReadOnlyDictionary<string, string?>? overrides, ConfigSchema schema, ConfigReadContext context)
    {
        var settings = new List<ConfigSetting>();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            var path = key.Trim().ToLowerInvariant();
            if (IsSettable(path, $"override:{key}", p => p, schema, context))
                settings.Add(new ConfigSetting(path, value, "command-line override"));
        }
        return settings;
    }

    public static string EnvName(string keyPath) => EnvPrefix + keyPath.ToUpperInvariant().Replace(".", "__", StringComparison.Ordinal);

    private static bool IsSettable(string path, string errorKey, Func<string, string> display, ConfigSchema schema, ConfigReadContext context)
    {
        if (schema.IsLeaf(path))
            return true;
        var list = schema.Lists.FirstOrDefault(l => path == l || path.StartsWith(l + ".", StringComparison.Ordinal) || path.StartsWith(l + "[", StringComparison.Ordinal));
        if (list is not null)
            context.Error(errorKey, $"{list} can only be set in the config file");
        else if (schema.Sections.Contains(path))
            context.Error(errorKey, $"names a section, not a key (set one of its keys, e.g. {display(schema.Leaves.First(l => l.StartsWith(path + ".", StringComparison.Ordinal)))})");
        else if (KeySuggestions.Closest(path, schema.Leaves) is { } suggestion)
            context.Error(errorKey, $"unknown key (did you mean '{display(suggestion)}'?)");
        else
            context.Error(errorKey, "unknown key");
        return false;
    }
}
