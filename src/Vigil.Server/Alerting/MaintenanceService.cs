using System.Text.Json;
using Vigil.Alerting.Maintenance;
using Vigil.Core.Monitors;
using Vigil.Server.Configuration;
using Vigil.Server.Http;
using Vigil.Server.Monitors;
using Vigil.Storage;
using Vigil.Storage.Writing;

namespace Vigil.Server.Alerting;

/// <summary>
/// Keeps the <see cref="MaintenanceCalendar"/> and storage in step: loads windows and silences at start, applies API
/// changes (validated, committed through the batching writer, then made visible to lookups), and sweeps expired
/// silences (and those of deleted monitors) once a minute. Changes are serialized, so name checks and the order of
/// stored and visible changes cannot race.
/// </summary>
public sealed class MaintenanceService(
    MaintenanceCalendar calendar, IVigilStore store, BatchWriter writer, MonitorService monitors, VigilOptions options,
    TimeProvider time, ILogger<MaintenanceService> logger) : IDisposable
{
    public const int MaxWindows = 10_000;
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _changes = new(1, 1);
    private ITimer? _sweeper;

    public MaintenanceCalendar Calendar => calendar;

    /// <summary>Reads what storage holds into the calendar, applies the windows declared in config, drops expired
    /// silences, and starts the minute sweep.</summary>
    public async Task StartAsync()
    {
        var windows = new List<MaintenanceWindow>();
        foreach (var stored in store.LoadMaintenanceWindows())
        {
            var errors = new List<FieldError>();
            if (MaintenanceJson.Read(stored.Definition, stored.Id, stored.CreatedAt, stored.UpdatedAt, errors) is { } window)
                windows.Add(window);
            else // e.g. a time zone that left this machine's tzdb: one bad row must not keep the server from starting
                logger.LogError("Maintenance window {Id} ({Name}) is ignored: {Errors}", stored.Id, stored.Name, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        calendar.Load(windows, store.LoadSilences().Select(s => new Silence(s.MonitorId, s.Until, s.Reason, s.CreatedAt)));
        await ConfigMaintenance.ApplyAsync(options.Maintenance, this);
        await SweepAsync();
        _sweeper = time.CreateTimer(_ => _ = SweepSafelyAsync(), null, SweepEvery, SweepEvery);
    }

    /// <summary>Stops the sweep (before the writer drains at shutdown).</summary>
    public void Stop() => _sweeper?.Dispose();

    public void Dispose()
    {
        _sweeper?.Dispose();
        _changes.Dispose();
    }

    public bool TryGet(string id, out MaintenanceWindow window)
    {
        window = null!;
        return Guid.TryParse(id, out var guid) && calendar.TryGetWindow(guid, out window);
    }

    /// <summary>Creates a window from API-shaped JSON; a problem names each bad field (prefixed by <paramref name="fieldPrefix"/>).</summary>
    public async Task<(MaintenanceWindow? Window, Problem? Problem)> CreateAsync(JsonElement body, string fieldPrefix = "")
    {
        await _changes.WaitAsync();
        try
        {
            if (calendar.Windows.Count >= MaxWindows)
                return (null, Problem.Of(409, $"there are already {MaxWindows} maintenance windows, the most this server keeps; delete some first"));
            var errors = new List<FieldError>();
            var window = MaintenanceReader.Read(body, Guid.NewGuid(), time.GetUtcNow(), Resolver(null), errors, fieldPrefix);
            if (window is null)
                return (null, Problem.Validation(errors));
            if (NameTaken(window, fieldPrefix) is { } taken)
                return (null, taken);
            await Store(window);
            return (window, null);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Applies a PATCH (the create fields, each optional) to a window.</summary>
    public async Task<(MaintenanceWindow? Window, Problem? Problem)> UpdateAsync(Guid id, JsonElement patch, string fieldPrefix = "")
    {
        await _changes.WaitAsync();
        try
        {
            if (!calendar.TryGetWindow(id, out var current))
                return (null, Problem.Of(404, $"no maintenance window has id {id}"));
            var errors = new List<FieldError>();
            var window = MaintenanceReader.Patch(patch, current, time.GetUtcNow(), Resolver(current), errors, fieldPrefix);
            if (window is null)
                return (null, Problem.Validation(errors));
            if (NameTaken(window, fieldPrefix) is { } taken)
                return (null, taken);
            await Store(window);
            return (window, null);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// A window declared in config: the file holds the whole definition, so it replaces the stored window of the same
    /// name (keeping its id and creation time) or creates one; an unchanged window is not written again.
    /// </summary>
    public async Task<Problem?> ApplyDeclaredAsync(JsonElement fields, string fieldPrefix)
    {
        await _changes.WaitAsync();
        try
        {
            var errors = new List<FieldError>();
            var now = time.GetUtcNow();
            var window = MaintenanceReader.Read(fields, Guid.NewGuid(), now, Resolver(null), errors, fieldPrefix);
            if (window is null)
                return Problem.Validation(errors);
            if (calendar.Windows.FirstOrDefault(w => string.Equals(w.Name, window.Name, StringComparison.Ordinal)) is { } existing)
            {
                window = window with { Id = existing.Id, CreatedAt = existing.CreatedAt };
                if (MaintenanceJson.Write(window with { UpdatedAt = existing.UpdatedAt }) == MaintenanceJson.Write(existing))
                    return null;
            }
            await Store(window);
            return null;
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
            if (!calendar.TryGetWindow(id, out _))
                return false;
            await writer.Submit(new DeleteMaintenanceWindow(id));
            return calendar.Remove(id);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Silences a monitor (replacing an earlier silence), once stored.</summary>
    public async Task SilenceAsync(Silence silence)
    {
        await _changes.WaitAsync();
        try
        {
            await writer.Submit(new SaveSilence(new StoredSilence(silence.MonitorId, silence.Until, silence.Reason, silence.CreatedAt)));
            calendar.SetSilence(silence);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Ends a monitor's silence; false when it had none in force.</summary>
    public async Task<bool> UnsilenceAsync(Guid monitorId)
    {
        await _changes.WaitAsync();
        try
        {
            var active = calendar.IsSilenced(monitorId, time.GetUtcNow(), out _);
            await writer.Submit(new DeleteSilence(monitorId));
            calendar.Unsilence(monitorId);
            return active;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Forgets expired silences and those of deleted monitors, in memory and in storage.</summary>
    public async Task SweepAsync()
    {
        await _changes.WaitAsync();
        try
        {
            var now = time.GetUtcNow();
            var removed = calendar.RemoveSilences(now, keep: id => monitors.Monitors.TryGet(id, out _));
            if (removed.Count > 0) // expired rows go by time; only a deleted monitor's row is named (a live one may have a newer silence)
                await writer.Submit(new DeleteSilences(now, [.. removed.Where(id => !monitors.Monitors.TryGet(id, out _))]));
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task SweepSafelyAsync()
    {
        try
        {
            await SweepAsync();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Storage trouble: expired silences are ignored by lookups anyway, and the next sweep tries again.
            logger.LogWarning(error, "Sweeping expired silences failed; retrying in {Interval}", SweepEvery);
        }
    }

    private async Task Store(MaintenanceWindow window)
    {
        await writer.Submit(new SaveMaintenanceWindow(new StoredMaintenanceWindow(window.Id, window.Name, MaintenanceJson.Write(window), window.CreatedAt, window.UpdatedAt)));
        calendar.Set(window);
    }

    private Problem? NameTaken(MaintenanceWindow window, string prefix) =>
        calendar.Windows.FirstOrDefault(w => w.Id != window.Id && string.Equals(w.Name, window.Name, StringComparison.Ordinal)) is { } other
            ? Problem.Field(prefix + "name", $"'{window.Name}' is already the name of maintenance window {other.Id}", 409)
            : null;

    /// <summary>
    /// "monitors" entries are ids or slugs of existing monitors. Ids the window already names stay valid after their
    /// monitor is deleted, so a PATCH of another field does not fail on them.
    /// </summary>
    private Func<string, Guid?> Resolver(MaintenanceWindow? current) => text =>
        Guid.TryParse(text, out var id)
            ? monitors.Monitors.TryGet(id, out _) || current?.MonitorIds.Contains(id) == true ? id : null
            : monitors.Monitors.TryGetBySlug(text, out var monitor) ? monitor.Id : null;
}
