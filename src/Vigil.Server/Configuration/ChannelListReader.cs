using System.Text.Json.Nodes;
using Vigil.Alerting.Channels;
using Vigil.Core.Monitors;
using Vigil.Server.Alerting;

namespace Vigil.Server.Configuration;

/// <summary>
/// Reads <c>channels:</c> (config as code): each item is a channel as the API takes it (name, type, the type's
/// settings), validated by the channel type's own reader; errors name the key path (<c>channels[2].url</c>).
/// Values may be <c>${ENV_NAME}</c> to take a secret from the environment.
/// </summary>
internal static class ChannelListReader
{
    /// <summary>Only reads settings, never sends. Shell is allowed here: whether this server allows it is decided when
    /// the channel is applied at start, where the error then names the key.</summary>
    private static readonly Lazy<ChannelCatalog> Validator = new(() => ChannelCatalog.Create(TimeProvider.System, allowShell: true));

    public static IReadOnlyList<ConfigChannel> Read(YamlMapReader root, string key)
    {
        var path = root.Child(key);
        var list = root.List(key);
        if (list is null)
            return [];
        var context = root.Context;
        var channels = new List<ConfigChannel>(list.Children.Count);
        var firstByName = new Dictionary<string, int>(ChannelNames.Comparer);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = new YamlMapReader(context, itemPath, EnvSubstitution.Apply(list.Children[i], itemPath, context));
            if (!item.IsMapping)
                continue;
            var name = item.Text("name", null, n => ChannelNames.Problem(n));
            var type = item.Text("type", null);
            var settings = item.RestAsJson() is { } rest ? JsonNode.Parse(rest.GetRawText())!.AsObject() : [];
            item.Finish();
            if (name is null && !context.HasErrorAt(item.Child("name")))
                context.Error(item.Child("name"), "is required (channels are matched by name)");
            if (type is null && !context.HasErrorAt(item.Child("type")))
                context.Error(item.Child("type"), $"is required (one of {string.Join(", ", Validator.Value.Types)})");
            if (name is not null && !firstByName.TryAdd(name, i))
                context.Error(item.Child("name"), $"'{name}' is already used by {path}[{firstByName[name]}] (names are unique, ignoring case)");
            if (type is null)
                continue;
            var errors = new List<FieldError>();
            using (var json = System.Text.Json.JsonDocument.Parse(settings.ToJsonString()))
                Validator.Value.Read(type, json.RootElement, errors, itemPath + ".");
            // A value already reported (a missing ${VAR}) would only be reported again in other words.
            foreach (var error in errors.Where(e => !context.HasErrorAt(e.Field)))
                context.Error(error.Field, error.Message);
            if (name is not null)
                channels.Add(new ConfigChannel(name, type, settings.ToJsonString(), itemPath));
        }
        return channels;
    }
}
