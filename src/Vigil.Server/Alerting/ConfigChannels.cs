using System.Text.Json.Nodes;

namespace Vigil.Server.Alerting;

/// <summary>
/// Config as code for channels: each one under <c>channels:</c> is created, or updated when its type or settings
/// differ, matched by name (ignoring case). The file is the truth for what it lists: an API edit to such a channel is
/// replaced at the next start. Channels the file does not list are left alone.
/// </summary>
public static class ConfigChannels
{
    public static async Task ApplyAsync(IReadOnlyList<ConfigChannel> declared, ChannelService service)
    {
        foreach (var channel in declared)
        {
            var prefix = channel.KeyPath + ".";
            var settings = JsonNode.Parse(channel.SettingsJson)!.AsObject();
            var problem = service.Directory.TryGetByName(channel.Name, out var existing)
                ? Unchanged(existing.Definition, channel) ? null : (await service.ReplaceAsync(existing, channel.Name, channel.Type, settings, prefix)).Problem
                : (await service.CreateAsync(channel.Name, channel.Type, settings, prefix)).Problem;
            if (problem is not null)
                throw new InvalidOperationException($"config channel could not be applied: {problem.Detail}");
        }
    }

    private static bool Unchanged(Core.Channels.ChannelDefinition stored, ConfigChannel declared) =>
        stored.Name == declared.Name && stored.Type == declared.Type
        && JsonNode.DeepEquals(JsonNode.Parse(stored.SettingsJson), JsonNode.Parse(declared.SettingsJson));
}
