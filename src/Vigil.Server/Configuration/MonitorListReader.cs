using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Server.Configuration;

/// <summary>Reads <c>monitors:</c> ("config as code") into drafts and validates each the same way the API does.</summary>
internal static class MonitorListReader
{
    public static IReadOnlyList<MonitorDraft> Read(YamlMapReader root, string key)
    {
        var path = root.Child(key);
        var list = root.List(key);
        if (list is null)
            return [];
        var drafts = new List<MonitorDraft>(list.Children.Count);
        var firstBySlug = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = new YamlMapReader(root.Context, $"{path}[{i}]", list.Children[i]);
            var draft = ReadDraft(item);
            if (!item.IsMapping)
                continue;
            Validate(draft, item, root.Context);
            if (draft.Slug?.Trim() is { Length: > 0 } slug && !firstBySlug.TryAdd(slug, i))
                root.Context.Error(item.Child("slug"), $"'{slug}' is already used by {path}[{firstBySlug[slug]}] (slugs must be unique)");
            drafts.Add(draft);
        }
        return drafts;
    }

    private static MonitorDraft ReadDraft(YamlMapReader item)
    {
        var draft = new MonitorDraft
        {
            Slug = item.Text("slug", null),
            Name = item.Text("name", null),
            Type = item.Text("type", null),
            Description = item.Text("description", null),
            Tags = item.TextList("tags"),
            PeriodSeconds = item.OptionalLong("period_seconds"),
            GraceSeconds = item.OptionalLong("grace_seconds"),
            Cron = item.Text("cron", null),
            Timezone = item.Text("timezone", null),
            Alerts = item.Json("alerts"),
            Channels = item.TextList("channels"),
            Parent = item.Text("parent", null),
        };
        // Paused is runtime state: a config file that re-applies it would undo every pause made through the API.
        item.Forbid("paused", "cannot be set in config (pause and resume through the API or CLI)");
        // An active monitor's other keys belong to its type (url, host, interval_seconds …); the draft checks them against it.
        // A heartbeat has no such keys, so Finish reports any left with a spelling suggestion.
        if (draft.Type is { } type && CheckSpecReader.Types.Contains(type))
            draft.CheckFields = item.RestAsJson();
        item.Finish();
        return draft;
    }

    private static void Validate(MonitorDraft draft, YamlMapReader item, ConfigReadContext context)
    {
        if (string.IsNullOrWhiteSpace(draft.Slug))
            context.Error(item.Child("slug"), "is required in config (monitors are matched by slug)");
        var fieldErrors = new List<FieldError>();
        draft.ToNewDefinition(Guid.Empty, DateTimeOffset.UnixEpoch, fieldErrors, prefix: $"{item.Path}.");
        // A field already reported (wrong type, missing slug) would only be reported again in other words.
        foreach (var error in fieldErrors.Where(e => !context.HasErrorAt(e.Field)).ToList())
            context.Error(error.Field, error.Message);
    }
}
