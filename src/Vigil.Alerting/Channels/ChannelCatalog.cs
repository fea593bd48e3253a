using System.Text.Json;
using Vigil.Alerting.Channels.Http;
using Vigil.Core.Channels;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

/// <summary>
/// Every channel type by its name ("webhook", "slack", "discord", "teams", "smtp", "alertmanager", and "shell" only when
/// the server allows it). The HTTP types and Alertmanager share one <see cref="HttpClient"/> over one pooled handler.
/// </summary>
public sealed class ChannelCatalog : IDisposable
{
    public const string ShellType = "shell";

    /// <summary>What enabling the shell type takes; part of the error when it is off.</summary>
    public const string ShellDisabled = "the shell channel is disabled on this server; enable it with alerts.allow_shell_channel: true in the config file";

    private readonly Dictionary<string, IChannel> _usable;
    private readonly IReadOnlyList<SecretSetting> _shellSecrets;
    private readonly HttpClient? _owned;

    /// <param name="http">Shared by every HTTP channel; its Timeout must not be shorter than a channel's (each send has its own).</param>
    public ChannelCatalog(HttpClient http, TimeProvider time, bool allowShell)
    {
        var sender = new HttpChannelSender(http, time);
        var shell = new ShellChannel(allowShell);
        _shellSecrets = shell.Secrets;
        IChannel[] channels =
        [
            new WebhookChannel(sender), new SlackChannel(sender), new DiscordChannel(sender), new TeamsChannel(sender),
            new SmtpChannel(), new AlertmanagerChannel(http, time),
        ];
        _usable = channels.Concat(allowShell ? [shell] : []).ToDictionary(c => c.Type, StringComparer.Ordinal);
        AllowShell = allowShell;
    }

    private ChannelCatalog(HttpClient owned, TimeProvider time, bool allowShell, bool owns) : this(owned, time, allowShell) =>
        _owned = owns ? owned : null;

    /// <summary>A catalog with its own pooled handler (<see cref="AlertHttp.CreateHandler"/>), disposed with it.</summary>
    public static ChannelCatalog Create(TimeProvider time, bool allowShell, AlertHttpOptions? http = null) =>
        // No client-wide timeout: each channel bounds its own send (Alertmanager allows up to 120 s).
        new(new HttpClient(AlertHttp.CreateHandler(http)) { Timeout = Timeout.InfiniteTimeSpan }, time, allowShell, owns: true);

    public bool AllowShell { get; }

    /// <summary>The types a channel can be created with here, in a stable order.</summary>
    public IReadOnlyCollection<string> Types => _usable.Keys;

    public bool TryGet(string type, out IChannel channel) => _usable.TryGetValue(type, out channel!);

    /// <summary>The secrets of a type this version knows, usable here or not (shell when disabled); null for others.</summary>
    public IReadOnlyList<SecretSetting>? SecretsOf(string type) =>
        _usable.TryGetValue(type, out var channel) ? channel.Secrets : type == ShellType ? _shellSecrets : null;

    /// <summary>The channel and its validated settings, or null with each bad field in <paramref name="errors"/>
    /// ("type" when the type is unknown or disabled).</summary>
    public (IChannel Channel, ChannelSettings Settings)? Read(string type, JsonElement settings, List<FieldError> errors, string fieldPrefix = "")
    {
        if (!_usable.TryGetValue(type, out var channel))
        {
            errors.Add(new FieldError(fieldPrefix + "type", TypeProblem(type)));
            return null;
        }
        var own = new List<FieldError>();
        var read = channel.Read(settings, own);
        errors.AddRange(own.Select(e => e with { Field = fieldPrefix + e.Field }));
        return read is null ? null : (channel, read);
    }

    /// <summary>A stored channel made live; one whose settings no longer validate here becomes an
    /// <see cref="UnusableChannel"/> that says why, rather than disappearing.</summary>
    public LiveChannel Open(ChannelDefinition definition)
    {
        var errors = new List<FieldError>();
        try
        {
            using var document = JsonDocument.Parse(definition.SettingsJson);
            if (Read(definition.Type, document.RootElement, errors) is { } read)
                return new LiveChannel(definition, read.Channel, read.Settings);
        }
        catch (JsonException)
        {
            errors.Add(new FieldError("(settings)", "the stored settings are not valid JSON"));
        }
        var problem = string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
        return new LiveChannel(definition, new UnusableChannel(definition.Type, definition.SettingsJson, SecretsOf(definition.Type), problem), new UnusableSettings(problem));
    }

    public string TypeProblem(string type) => type == ShellType && !AllowShell
        ? ShellDisabled
        : $"must be one of {string.Join(", ", _usable.Keys)}" + (AllowShell ? "" : " (shell is disabled on this server)");

    public void Dispose() => _owned?.Dispose();
}
