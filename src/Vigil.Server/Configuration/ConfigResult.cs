namespace Vigil.Server.Configuration;

/// <summary>The outcome of loading configuration: options when valid, otherwise every error found (never just the first).</summary>
public sealed record ConfigResult(VigilOptions? Options, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
