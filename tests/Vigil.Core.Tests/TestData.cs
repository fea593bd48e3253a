using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;

namespace Vigil.Core.Tests;

/// <summary>Builders for the monitors the tests need.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Origin = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static MonitorDefinition Definition(Schedule schedule, string? slug = null, bool paused = false) =>
        new(Guid.NewGuid(), slug ?? "monitor", slug ?? "m-" + Guid.NewGuid().ToString("N"), [], "", schedule, paused, Origin);

    public static MonitorDefinition Definition(TimeSpan period, TimeSpan grace, string? slug = null, bool paused = false) =>
        Definition(new SimpleSchedule(period, grace), slug, paused);

    public static MonitorRuntime Monitor(long seq, MonitorDefinition definition, MonitorStateRecord? state = null) =>
        new(new MonitorRecord(seq, definition, state ?? MonitorStateRecord.New));

    public static MonitorRuntime Monitor(long seq) =>
        Monitor(seq, Definition(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), "wheel-" + seq));
}
