using System.Collections;
using System.CommandLine;
using Vigil.Server.Configuration;

namespace Vigil.Cli.Commands;

/// <summary>The options every command that reads configuration shares, and the one way they turn into VigilOptions.</summary>
internal static class ConfigSource
{
    public static readonly Option<FileInfo?> Config = new("--config") { Description = "YAML configuration file" };
    public static readonly Option<string?> DataDir = new("--data-dir") { Description = "Directory of the embedded database (storage.data_dir)" };

    /// <summary>Loads and validates; on failure prints every error with its key path and returns null.</summary>
    public static VigilOptions? Load(ParseResult parse, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var overrides = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>());
        if (parse.GetValue(DataDir) is { } dataDir)
            overrides["storage.data_dir"] = dataDir;
        var result = ConfigLoader.Load(parse.GetValue(Config)?.FullName, Environment(), overrides);
        if (result.IsValid)
            return result.Options;
        PrintErrors(result);
        return null;
    }

    public static void PrintErrors(ConfigResult result)
    {
        Console.Error.WriteLine("vigil: the configuration is not valid:");
        foreach (var error in result.Errors)
            Console.Error.WriteLine($"  {error}");
    }

    public static Dictionary<string, string?> Environment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = entry.Value as string;
        return variables;
    }
}
