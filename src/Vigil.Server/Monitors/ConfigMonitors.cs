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
        foreach (var i in ParentsFirst(declared))
        {
            var draft = declared[i];
            var prefix = $"monitors[{i}].";
            var problem = registry.TryGetBySlug(draft.Slug!, out var existing)
                ? Unchanged(existing, draft, registry) ? null : await service.UpdateAsync(existing, draft, prefix)
                : (await service.CreateAsync(draft, prefix)).Problem;
            if (problem is not null)
                throw new InvalidOperationException($"config monitor could not be applied: {problem.Detail}");
        }
    }

    /// <summary>
    /// Indices in file order, except that a monitor whose parent (by slug) is declared later in the file comes after
    /// it, so a file may list parents anywhere. A cycle keeps file order; the service then reports it on "parent".
    /// </summary>
    internal static List<int> ParentsFirst(IReadOnlyList<MonitorDraft> declared)
    {
        var bySlug = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < declared.Count; i++)
            bySlug.TryAdd(declared[i].Slug?.Trim() ?? "", i);
        var placed = new bool[declared.Count];
        var order = new List<int>(declared.Count);
        var chain = new List<int>();
        for (var i = 0; i < declared.Count; i++)
        {
            chain.Clear();
            for (var at = i; at >= 0 && !placed[at];)
            {
                placed[at] = true;
                chain.Add(at);
                at = declared[at].Parent?.Trim() is { } parent && bySlug.TryGetValue(parent, out var up) ? up : -1;
            }
            for (var k = chain.Count - 1; k >= 0; k--)
                order.Add(chain[k]); // the topmost parent of the chain first
        }
        return order;
    }

    private static bool Unchanged(MonitorRuntime monitor, MonitorDraft draft, MonitorRegistry registry)
    {
        var current = monitor.Definition;
        if (draft.Parent?.Trim() is { } parent && ParentId(parent, registry) != current.Parent)
            return false;
        var applied = draft.Apply(current, []);
        return applied is not null && applied with { Tags = current.Tags } == current && applied.Tags.SequenceEqual(current.Tags);
    }

    private static Guid? ParentId(string reference, MonitorRegistry registry) =>
        Guid.TryParse(reference, out var id) ? id : registry.TryGetBySlug(reference, out var parent) ? parent.Id : null;
}
