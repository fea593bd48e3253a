using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Alerting;
using Vigil.Alerting.Channels;
using Vigil.Core.Channels;
using Vigil.Core.Monitors;
using Vigil.Server.Http;
using Vigil.Storage.Writing;

namespace Vigil.Server.Alerting;

/// <summary>
/// Channel management: validates with the channel type's own reader, changes the <see cref="ChannelDirectory"/>, and
/// stores the change through the batching writer before answering. Changes are serialised (they are rare), so the
/// directory and the database always agree on the order of edits.
/// </summary>
public sealed class ChannelService(ChannelCatalog catalog, ChannelDirectory directory, BatchWriter writer, TimeProvider time, ILogger<ChannelService> logger)
{
    /// <summary>Body fields that are not the type's settings: the channel's own, and the read-only ones a GET shows,
    /// which are accepted and ignored so a GET can be edited and sent back.</summary>
    public static readonly IReadOnlySet<string> OwnFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "type", "id", "created_at", "updated_at", "problem",
    };

    private readonly SemaphoreSlim _changes = new(1, 1);

    public ChannelDirectory Directory => directory;

    public ChannelCatalog Catalog => catalog;

    /// <summary>Loads the stored channels, then creates or updates the ones the config file declares.</summary>
    public async Task StartAsync(IReadOnlyList<ChannelDefinition> stored, IReadOnlyList<ConfigChannel> declared)
    {
        foreach (var definition in stored)
        {
            var live = catalog.Open(definition);
            directory.TryAdd(live);
            if (live.Problem is { } problem)
                logger.LogWarning("Channel {Channel} ({Type}) cannot send until it is fixed or deleted: {Problem}", definition.Name, definition.Type, problem);
        }
        await ConfigChannels.ApplyAsync(declared, this);
    }

    /// <summary>A new channel from a POST body: name, type and the type's settings.</summary>
    public async Task<(LiveChannel? Channel, Problem? Problem)> CreateAsync(JsonElement body)
    {
        var errors = new List<FieldError>();
        var name = Text(body, "name", errors);
        var type = Text(body, "type", errors);
        var settings = Settings(body, errors);
        if (errors.Count > 0)
            return (null, Problem.Validation(errors));
        return await CreateAsync(name!, type!, settings!, "");
    }

    public async Task<(LiveChannel? Channel, Problem? Problem)> CreateAsync(string name, string type, JsonObject settings, string fieldPrefix)
    {
        await _changes.WaitAsync();
        try
        {
            var now = time.GetUtcNow();
            var definition = new ChannelDefinition(Guid.NewGuid(), name, type, settings.ToJsonString(), now, now);
            if (Validate(definition, fieldPrefix) is not { } live)
                return (null, Refusal(definition, fieldPrefix));
            if (!directory.TryAdd(live))
                return (null, NameTaken(name, fieldPrefix));
            try
            {
                await writer.Submit(new CreateChannel(definition));
            }
            catch
            {
                directory.TryRemove(definition.Id, out _);
                throw;
            }
            logger.LogInformation("Created channel {Channel} ({Type}, id {Id})", name, type, definition.Id);
            return (live, null);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// A PATCH: the body's fields over the stored ones (null removes one; a secret left out, or sent back redacted,
    /// keeps its value). The type cannot change: the settings of one type mean nothing to another.
    /// </summary>
    public async Task<(LiveChannel? Channel, Problem? Problem)> PatchAsync(Guid id, JsonElement body)
    {
        await _changes.WaitAsync();
        try
        {
            if (!directory.TryGet(id, out var current))
                return (null, NotFound(id.ToString()));
            var errors = new List<FieldError>();
            var name = body.TryGetProperty("name", out _) ? Text(body, "name", errors) : current.Definition.Name;
            if (body.TryGetProperty("type", out _) && Text(body, "type", errors) is { } type && type != current.Definition.Type)
                errors.Add(new FieldError("type", $"cannot be changed from {current.Definition.Type} (create a new channel and delete this one)"));
            if (errors.Count > 0)
                return (null, Problem.Validation(errors));
            var settings = ChannelSecrets.Merge(current.Definition.SettingsJson, body, current.Channel.Secrets, OwnFields);
            return await ReplaceLockedAsync(current, name!, current.Definition.Type, settings, "");
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Replaces a channel's name, type and settings outright (config as code).</summary>
    public async Task<(LiveChannel? Channel, Problem? Problem)> ReplaceAsync(LiveChannel current, string name, string type, JsonObject settings, string fieldPrefix)
    {
        await _changes.WaitAsync();
        try
        {
            return await ReplaceLockedAsync(current, name, type, settings, fieldPrefix);
        }
        finally
        {
            _changes.Release();
        }
    }

    public async Task<bool> DeleteAsync(Guid id)
    {
        await _changes.WaitAsync();
        try
        {
            if (!directory.TryRemove(id, out var removed))
                return false;
            await writer.Submit(new DeleteChannel(id));
            logger.LogInformation("Deleted channel {Channel} ({Type}, id {Id})", removed.Definition.Name, removed.Definition.Type, id);
            return true;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Sends a test alert through the channel now, outside any outbox: a fresh alert id each time, kind summary,
    /// worded so nobody takes it for an outage.
    /// </summary>
    public async Task<Delivery> TestAsync(LiveChannel channel, string? link, CancellationToken cancellationToken)
    {
        var alert = TestAlert(channel.Definition.Name, time.GetUtcNow(), link);
        var delivery = await channel.Channel.SendAsync(channel.Settings, alert, cancellationToken);
        logger.LogInformation("Test alert {AlertId} to channel {Channel} ({Type}): {Outcome}: {Detail}",
            alert.Id, channel.Definition.Name, channel.Definition.Type, delivery.Outcome, delivery.Detail);
        return delivery;
    }

    public static AlertMessage TestAlert(string channelName, DateTimeOffset now, string? link) => new(
        Guid.NewGuid(), AlertKind.Summary, Guid.Empty, "Vigil test alert", "vigil-test", "test",
        $"This is a test of the channel '{channelName}', sent on request. No monitor changed state; nothing needs doing.",
        now, link);

    public static Problem NotFound(string idOrName) => Problem.Of(404, Guid.TryParse(idOrName, out _)
        ? $"no channel has id {idOrName}"
        : $"no channel has the id or name '{(idOrName.Length > 60 ? idOrName[..60] + "…" : idOrName)}'");

    private async Task<(LiveChannel? Channel, Problem? Problem)> ReplaceLockedAsync(LiveChannel current, string name, string type, JsonObject settings, string fieldPrefix)
    {
        var definition = current.Definition with { Name = name, Type = type, SettingsJson = settings.ToJsonString(), UpdatedAt = time.GetUtcNow() };
        if (Validate(definition, fieldPrefix) is not { } live)
            return (null, Refusal(definition, fieldPrefix));
        if (!directory.TryReplace(live))
            return directory.TryGet(definition.Id, out _) ? (null, NameTaken(name, fieldPrefix)) : (null, NotFound(definition.Id.ToString()));
        await writer.Submit(new UpdateChannel(definition));
        logger.LogInformation("Updated channel {Channel} ({Type}, id {Id})", name, type, definition.Id);
        return (live, null);
    }

    private LiveChannel? Validate(ChannelDefinition definition, string fieldPrefix) =>
        Errors(definition, fieldPrefix).Count == 0 ? catalog.Open(definition) : null;

    private Problem Refusal(ChannelDefinition definition, string fieldPrefix) => Problem.Validation(Errors(definition, fieldPrefix));

    private List<FieldError> Errors(ChannelDefinition definition, string fieldPrefix)
    {
        var errors = new List<FieldError>();
        if (ChannelNames.Problem(definition.Name) is { } nameProblem)
            errors.Add(new FieldError(fieldPrefix + "name", nameProblem));
        using var settings = JsonDocument.Parse(definition.SettingsJson);
        catalog.Read(definition.Type, settings.RootElement, errors, fieldPrefix);
        return errors;
    }

    private Problem NameTaken(string name, string fieldPrefix)
    {
        var owner = directory.TryGetByName(name, out var other) ? $" by channel {other.Definition.Id}" : "";
        return Problem.Field(fieldPrefix + "name", $"'{name}' is already taken{owner} (names are unique, ignoring case)", 409);
    }

    private static string? Text(JsonElement body, string field, List<FieldError> errors)
    {
        if (body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
            return value.GetString();
        errors.Add(new FieldError(field, value.ValueKind == JsonValueKind.Undefined ? "is required" : "must be a string"));
        return null;
    }

    /// <summary>The body without name and type: the settings as given, in their order.</summary>
    private static JsonObject? Settings(JsonElement body, List<FieldError> errors)
    {
        var settings = new JsonObject();
        foreach (var field in body.EnumerateObject())
        {
            if (OwnFields.Contains(field.Name))
                continue;
            if (settings.ContainsKey(field.Name))
            {
                errors.Add(new FieldError(field.Name, "is given twice"));
                return null;
            }
            settings[field.Name] = JsonNode.Parse(field.Value.GetRawText());
        }
        return settings;
    }
}
