using System.Text.Json;
using Vigil.Alerting.Maintenance;
using Vigil.Core.Monitors;

namespace Vigil.Server.Configuration;

/// <summary>
/// Reads <c>maintenance:</c> (windows as code) into the JSON the API takes, and validates each item with the API's
/// reader. Monitors are named by slug (or id) and can only be resolved once the server runs, so here any entry passes
/// that check; an unknown one stops the start with its key path.
/// </summary>
internal static class MaintenanceListReader
{
    public static IReadOnlyList<JsonElement> Read(YamlMapReader root, string key)
    {
        var path = root.Child(key);
        var list = root.List(key);
        if (list is null)
            return [];
        var windows = new List<JsonElement>(list.Children.Count);
        var firstByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = new YamlMapReader(root.Context, $"{path}[{i}]", list.Children[i]);
            if (!item.IsMapping)
                continue;
            var fields = item.RestAsJson() ?? EmptyObject();
            var errors = new List<FieldError>();
            var window = MaintenanceReader.Read(fields, Guid.Empty, DateTimeOffset.UnixEpoch, AnyMonitor, errors, $"{item.Path}.");
            foreach (var error in errors)
                root.Context.Error(error.Field, error.Message);
            if (window is not null && !firstByName.TryAdd(window.Name, i))
                root.Context.Error(item.Child("name"), $"'{window.Name}' is already used by {path}[{firstByName[window.Name]}] (names must be unique: windows are matched by name)");
            windows.Add(fields);
        }
        return windows;
    }

    private static readonly Func<string, Guid?> AnyMonitor = text => text.Length > 0 ? Guid.Empty : null;

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
