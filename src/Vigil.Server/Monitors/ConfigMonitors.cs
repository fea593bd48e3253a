using Vigil.Core.Monitors;
using Vigil.Core.Runtime;

namespace Vigil.Server.Monitors;

/// <summary>
/// Config as code: monitors declared in the file are created or updated at start, matched by slug.
/// Runtime state (status, pause, history) is never overwritten by the file.
/// </summary>
public static class ConfigMonitors
{
    public static async Task ApplyAsync(IReadOnlyList<MonitorDraft> declared, MonitorService service, MonitorRegistry registry)
    {
        for (var i = 0; i < declared.Count; i++)
        {
            var draft = declared[i];
            var prefix = $"monitors[{i}].";
            var problem = registry.TryGetBySlug(draft.Slug!, out var existing)
                ? Unchanged(existing, draft) ? null : await service.UpdateAsync(existing, draft, prefix)
                : (await service.CreateAsync(draft, prefix)).Problem;
            if (problem is not null)
                throw new InvalidOperationException($"config monitor could not be applied: {problem.Detail}");
        }
    }

    private static bool Unchanged(MonitorRuntime monitor, MonitorDraft draft)
    {
        var current = monitor.Definition;
        var applied = draft.Apply(current, []);
        return applied is not null && applied with { Tags = current.Tags } == current && applied.Tags.SequenceEqual(current.Tags);
    }
}
