namespace Vigil.Server.Configuration;

/// <summary>
/// Loads the server configuration: the YAML file, then <c>VIGIL_*</c> environment variables over it, then
/// command-line overrides over both. Never throws for bad input: every problem found is in <see cref="ConfigResult.Errors"/>.
/// </summary>
public static class ConfigLoader
{
    /// <param name="path">The YAML file, or null for all defaults.</param>
    /// <param name="environment">Usually a copy of <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <param name="overrides">Key path to value from command-line flags (<c>storage.data_dir</c>), applied last.</param>
    public static ConfigResult Load(string? path, IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        if (path is null)
            return LoadText("", environment, overrides);
        string? text = null;
        ConfigError? fileError = null;
        try
        {
            if (Directory.Exists(path))
                fileError = new ConfigError(ConfigDocument.FileKey, $"config file '{path}' is a directory");
            else if (!File.Exists(path))
                fileError = new ConfigError(ConfigDocument.FileKey, $"config file '{path}' not found");
            else
                text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            fileError = new ConfigError(ConfigDocument.FileKey, $"config file '{path}' could not be read: {ex.Message}");
        }
        // Without a file, still check the overrides, so one run shows every problem.
        return Load(text ?? "", fileError, environment, overrides);
    }

    public static ConfigResult LoadText(string yaml, IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string?>? overrides = null) =>
        Load(yaml, null, environment, overrides);

    private static ConfigResult Load(string yaml, ConfigError? fileError, IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string?>? overrides)
    {
        var context = new ConfigReadContext { Environment = environment };
        if (fileError is not null)
            context.Errors.Add(fileError);
        var root = ConfigDocument.Parse(yaml, context) ?? new();
        var schema = ConfigSchema.Instance;
        var settings = OverrideSources.FromEnvironment(environment, schema, context);
        settings.AddRange(OverrideSources.FromOverrides(overrides, schema, context));
        YamlOverlay.Apply(root, settings, context);
        var options = OptionsReader.Read(new YamlMapReader(context, "", root));
        return new ConfigResult(context.Errors.Count == 0 ? options : null, context.Errors);
    }
}
