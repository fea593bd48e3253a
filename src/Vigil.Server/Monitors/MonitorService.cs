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
    public MonitorRegistry Monitors => engine.Monitors;

    public async Task<(MonitorRuntime? Monitor, Problem? Problem)> CreateAsync(MonitorDraft draft, string fieldPrefix = "")
    {
        var errors = new List<FieldError>();
        var definition = draft.ToNewDefinition(Guid.NewGuid(), time.GetUtcNow(), errors, fieldPrefix);
        if (definition is null)
            return (null, Problem.Validation(errors));
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
        var errors = new List<FieldError>();
        MonitorDefinition updated;
        lock (monitor)
        {
            var current = monitor.Definition;
            if (draft.Apply(current, errors, fieldPrefix) is not { } applied)
                return Problem.Validation(errors);
            if (!engine.Monitors.TryMoveSlug(monitor, current.Slug, applied.Slug))
                return SlugTaken(applied.Slug, fieldPrefix);
            updated = applied with { Paused = current.Paused };
            engine.Redefine(monitor, updated);
        }
        var stored = writer.Submit(new UpdateMonitor(monitor.Seq, updated, time.GetUtcNow()));
        if (draft.Paused is { } paused && paused != monitor.Definition.Paused)
            await (paused ? PauseAsync(monitor) : ResumeAsync(monitor));
        checks.Upsert(monitor);
        await stored;
        return null;
    }

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
