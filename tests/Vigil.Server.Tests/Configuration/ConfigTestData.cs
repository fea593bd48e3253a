using Vigil.Server.Configuration;

namespace Vigil.Server.Tests.Configuration;

/// <summary>Shorthands for loading YAML text with a given environment and reading the errors.</summary>
internal static class ConfigTestData
{
    public static readonly IReadOnlyDictionary<string, string?> NoEnv = new Dictionary<string, string?>();

    public static ConfigResult Load(string yaml, IReadOnlyDictionary<string, string?>? env = null, IReadOnlyDictionary<string, string?>? overrides = null) =>
        ConfigLoader.LoadText(yaml, env ?? NoEnv, overrides);

    public static Dictionary<string, string?> Vars(params (string Name, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value);

    /// <summary>Loads and expects success.</summary>
    public static VigilOptions Valid(string yaml, IReadOnlyDictionary<string, string?>? env = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var result = Load(yaml, env, overrides);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.NotNull(result.Options);
        return result.Options;
    }

    /// <summary>Loads and expects failure; returns the errors as "path: message" lines.</summary>
    public static string[] Errors(string yaml, IReadOnlyDictionary<string, string?>? env = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var result = Load(yaml, env, overrides);
        Assert.False(result.IsValid);
        Assert.Null(result.Options);
        return result.Errors.Select(e => e.ToString()).ToArray();
    }

    /// <summary>Loads and expects exactly one error.</summary>
    public static ConfigError SingleError(string yaml, IReadOnlyDictionary<string, string?>? env = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var result = Load(yaml, env, overrides);
        Assert.Null(result.Options);
        return Assert.Single(result.Errors);
    }
}
