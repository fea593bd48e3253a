using Vigil.Checks.Scheduling;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.States;
using Vigil.Server.Http;
using Vigil.Storage.Writing;

namespace Vigil.Server.Monitors;

/// <summary>
/// Monitor management: validates, changes the live engine, and stores the change through the batching writer.
/// Answers only once the change is committed, so an acknowledged edit survives a crash.
/// </summary>
public sealed class MonitorService(HeartbeatEngine engine, CheckScheduler checks, BatchWriter writer, TimeProvider time)
{
    // Parent changes are made one at a time, so two edits cannot each pass the cycle check and together make a cycle.
    private readonly Lock _parentEdits = new();

    public MonitorRegistry Monitors => engine.Monitors;

    public async Task<(MonitorRuntime? Monitor, Problem? Problem)> CreateAsync(MonitorDraft draft, string fieldPrefix = "")
    {
        var errors = new List<FieldError>();
        var definition = draft.ToNewDefinition(Guid.NewGuid(), time.GetUtcNow(), errors, fieldPrefix);
        if (definition is null)
            return (null, Problem.Validation(errors));
        if (draft.Parent is not null)
        {
            if (ResolveParent(draft.Parent, self: null, fieldPrefix, out var parent) is { } refused)
                return (null, refused);
            definition = definition with { Parent = parent };
        }
        var state = definition.Paused ? MonitorStateRecord.New with { Status = MonitorStatus.Paused } : MonitorStateRecord.New;
        var record = new MonitorRecord(engine.Monitors.NextSeq(), definition, state);
        var monitor = new MonitorRuntime(record);
        if (!engine.TryAdd(monitor))
            return (null, SlugTaken(definition.Slug, fieldPrefix));
        try
        {
            await writer.Submit(new CreateMonitor(record));
        }
        catch
        {
            engine.Remove(monitor);
            throw;
        }
        checks.Upsert(monitor); // heartbeat monitors are ignored by the scheduler
        return (monitor, null);
    }

    public async Task<Problem?> UpdateAsync(MonitorRuntime monitor, MonitorDraft draft, string fieldPrefix = "")
    {
        MonitorDefinition updated;
        if (draft.Parent is null && !draft.RemoveParent)
        {
            if (Redefine(monitor, draft, fieldPrefix, out updated) is { } refused)
                return refused;
        }
        else
        {
            lock (_parentEdits)
            {
                if (Redefine(monitor, draft, fieldPrefix, out updated) is { } refused)
                    return refused;
            }
        }
        var stored = writer.Submit(new UpdateMonitor(monitor.Seq, updated, time.GetUtcNow()));
        if (draft.Paused is { } paused && paused != monitor.Definition.Paused)
            await (paused ? PauseAsync(monitor) : ResumeAsync(monitor));
        checks.Upsert(monitor);
        await stored;
        return null;
    }

    private Problem? Redefine(MonitorRuntime monitor, MonitorDraft draft, string fieldPrefix, out MonitorDefinition updated)
    {
        var errors = new List<FieldError>();
        updated = monitor.Definition;
        lock (monitor)
        {
            var current = monitor.Definition;
            if (draft.Apply(current, errors, fieldPrefix) is not { } applied)
                return Problem.Validation(errors);
            if (draft.RemoveParent)
                applied = applied with { Parent = null };
            else if (draft.Parent is not null)
            {
                if (ResolveParent(draft.Parent, monitor, fieldPrefix, out var parent) is { } refused)
                    return refused;
                applied = applied with { Parent = parent };
            }
            if (!engine.Monitors.TryMoveSlug(monitor, current.Slug, applied.Slug))
                return SlugTaken(applied.Slug, fieldPrefix);
            updated = applied with { Paused = current.Paused };
            engine.Redefine(monitor, updated);
            return null;
        }
    }

    /// <summary>
    /// Finds the parent named by id or slug. It must exist, not be the monitor itself, and not depend on the monitor
    /// already (directly or through its own parents): that would be a cycle.
    /// </summary>
    private Problem? ResolveParent(string reference, MonitorRuntime? self, string fieldPrefix, out Guid? parent)
    {
        parent = null;
        reference = reference.Trim();
        var field = fieldPrefix + "parent";
        var found = Guid.TryParse(reference, out var id) ? Monitors.TryGet(id, out var byId) ? byId : null
            : Monitors.TryGetBySlug(reference, out var bySlug) ? bySlug : null;
        if (found is null)
            return Problem.Field(field, $"no monitor has the id or slug '{Shorten(reference)}'");
        if (found == self)
            return Problem.Field(field, "a monitor cannot be its own parent");
        if (self is not null)
        {
            // A chain never holds a cycle (every edit is checked), so it ends within Count steps; the bound is only a guard.
            var next = found.Definition.Parent;
            for (var steps = 0; next is { } up && steps <= Monitors.Count; steps++)
            {
                if (up == self.Id)
                    return Problem.Field(field, $"'{found.Definition.Slug}' already depends on this monitor (directly or through its parents), so it cannot be its parent: that would be a cycle");
                next = Monitors.TryGet(up, out var above) ? above.Definition.Parent : null;
            }
        }
        parent = found.Id;
        return null;
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    public Task PauseAsync(MonitorRuntime monitor) =>
        monitor.Definition.Paused ? Task.CompletedTask : Store(monitor, engine.Pause(monitor, "paused through the API"));

    public Task ResumeAsync(MonitorRuntime monitor) =>
        !monitor.Definition.Paused ? Task.CompletedTask
            : Store(monitor, engine.Resume(monitor, monitor.Definition.Check is null ? "resumed through the API; waiting for the next ping" : "resumed through the API; waiting for the next check"));

    public async Task DeleteAsync(MonitorRuntime monitor)
    {
        engine.Remove(monitor);
        checks.Remove(monitor);
        await writer.Submit(new DeleteMonitor(monitor.Seq));
    }

    private async Task Store(MonitorRuntime monitor, Task flip)
    {
        await writer.Submit(new UpdateMonitor(monitor.Seq, monitor.Definition, time.GetUtcNow()));
        await flip;
    }

    private Problem SlugTaken(string slug, string prefix)
    {
        var owner = engine.Monitors.TryGetBySlug(slug, out var other) ? $" by monitor {other.Id}" : "";
        return Problem.Field(prefix + "slug", $"'{slug}' is already taken{owner}", 409);
    }
}
