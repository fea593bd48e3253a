namespace Vigil.Server.Alerting;

/// <summary>
/// A channel declared under <c>channels:</c> in the config file, validated at load, with <c>${ENV}</c> values already
/// taken from the environment. <see cref="KeyPath"/> (<c>channels[2]</c>) prefixes the errors found when it is applied.
/// </summary>
public sealed record ConfigChannel(string Name, string Type, string SettingsJson, string KeyPath)
{
    /// <summary>Without the settings: they hold secrets.</summary>
    public override string ToString() => $"ConfigChannel {{ Name = {Name}, Type = {Type}, KeyPath = {KeyPath} }}";
}
