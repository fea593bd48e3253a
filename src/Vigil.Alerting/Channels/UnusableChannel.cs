using System.Text.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

/// <summary>Why a stored channel cannot send.</summary>
public sealed record UnusableSettings(string Problem) : ChannelSettings;

/// <summary>
/// A stored channel whose settings no longer validate on this server: a shell channel after
/// <c>alerts.allow_shell_channel</c> was turned off, or a type this version does not know. It stays listed (so it can be
/// fixed or deleted) and every send to it fails with the reason, so alerts for it reach the dead letter with an
/// explanation instead of vanishing.
/// </summary>
public sealed class UnusableChannel : IChannel
{
    private readonly string _problem;

    /// <param name="secrets">The type's secrets when the type is known; null hides every setting.</param>
    public UnusableChannel(string type, string settingsJson, IReadOnlyList<SecretSetting>? secrets, string problem)
    {
        Type = type;
        _problem = problem;
        Secrets = secrets ?? AllFields(settingsJson);
    }

    public string Type { get; }

    public IReadOnlyList<SecretSetting> Secrets { get; }

    public ChannelSettings? Read(JsonElement json, List<FieldError> errors)
    {
        errors.Add(new FieldError("type", _problem));
        return null;
    }

    public Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken) =>
        Task.FromResult(Delivery.Failed($"the channel cannot send: {_problem}"));

    private static SecretSetting[] AllFields(string settingsJson)
    {
        try
        {
            using var document = JsonDocument.Parse(settingsJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? [.. document.RootElement.EnumerateObject().Select(p => SecretSetting.Value(p.Name))]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
