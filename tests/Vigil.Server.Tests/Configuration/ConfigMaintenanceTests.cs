using Microsoft.Extensions.DependencyInjection;
using Vigil.Alerting.Maintenance;
using Vigil.Server.Tests.Support;
using static Vigil.Server.Tests.Configuration.ConfigTestData;

namespace Vigil.Server.Tests.Configuration;

/// <summary><c>maintenance:</c> in the config file: validated at load with key paths, applied by name at start.</summary>
public sealed class ConfigMaintenanceTests
{
    private const string Declared = """
        maintenance:
          - name: Sunday backups
            tags: [backup]
            cron: "0 2 * * 0"
            duration_minutes: 120
            timezone: Europe/Berlin
          - name: DB upgrade
            monitors: [db]
            start: "2026-01-06T22:00:00Z"
            end: "2026-01-07T01:00:00Z"
        """;

    [Fact]
    public void Windows_are_read_as_api_json()
    {
        var windows = Valid(Declared).Maintenance;

        Assert.Equal(2, windows.Count);
        Assert.Equal("Sunday backups", windows[0].GetProperty("name").GetString());
        Assert.Equal(120, windows[0].GetProperty("duration_minutes").GetInt32());
        Assert.Equal("db", windows[1].GetProperty("monitors")[0].GetString());
    }

    [Fact]
    public void Bad_items_are_reported_at_their_key_paths()
    {
        var errors = Errors("""
            maintenance:
              - name: ok
                all: true
                cron: "0 2 * * *"
                duration_minutes: 60
              - name: broken
                tags: [backup]
                cron: "0 2 * *"
                duration_minutes: 0
                timezone: Mars/Base
                colour: red
              - name: ok
                all: true
                start: "2026-01-06T22:00:00Z"
                end: "2026-01-06T21:00:00Z"
              - just a string
            """);

        Assert.Contains("maintenance[1].cron: expected 5 fields, got 4", errors);
        Assert.Contains(errors, e => e.StartsWith("maintenance[1].duration_minutes: must be a whole number from 1 to 44640", StringComparison.Ordinal));
        Assert.Contains("maintenance[1].timezone: 'Mars/Base' is not a known IANA time zone", errors);
        Assert.Contains(errors, e => e.StartsWith("maintenance[1].colour: is not a field of maintenance windows", StringComparison.Ordinal));
        Assert.Contains("maintenance[2].end: must be after start", errors);
        Assert.Contains("maintenance[3]: must be a mapping", errors);
        Assert.DoesNotContain(errors, e => e.StartsWith("maintenance[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_names_are_an_error_at_the_later_item()
    {
        var errors = Errors("""
            maintenance:
              - name: nightly
                all: true
                cron: "0 2 * * *"
                duration_minutes: 60
              - name: nightly
                all: true
                cron: "0 3 * * *"
                duration_minutes: 60
            """);

        Assert.Equal(["maintenance[1].name: 'nightly' is already used by maintenance[0] (names must be unique: windows are matched by name)"], errors);
    }

    [Fact]
    public async Task Start_creates_by_name_replaces_on_change_and_leaves_api_windows_alone()
    {
        var options = Valid(Declared);
        var monitors = Valid("""
            monitors:
              - slug: db
                period_seconds: 60
            """).Monitors;
        var host = await VigilHost.StartAsync(o => o with { Monitors = monitors, Maintenance = options.Maintenance });
        try
        {
            var calendar = host.App.Services.GetRequiredService<MaintenanceCalendar>();
            Assert.Equal(["Sunday backups", "DB upgrade"], calendar.Windows.Select(w => w.Name));
            Assert.True(host.App.Services.GetRequiredService<Monitors.MonitorService>().Monitors.TryGetBySlug("db", out var dbMonitor));
            var db = dbMonitor.Id;
            Assert.True(calendar.Covers(db, [], DateTimeOffset.Parse("2026-01-06T23:00:00Z"), out _)); // the slug was resolved at start
            var sunday = calendar.Windows[0];
            using (var created = await host.Client.PostAsync("/api/v1/maintenance", VigilHost.Json("""{"name": "api window", "all": true, "cron": "0 4 * * *", "duration_minutes": 30}""")))
                await HttpAssert.Expect(created, 201);

            // Same file again: nothing changes (not even updated_at). Then an edited file: replaced in place, by name.
            host.Time.Advance(TimeSpan.FromHours(1));
            host = await host.RestartAsync();
            calendar = host.App.Services.GetRequiredService<MaintenanceCalendar>();
            Assert.Equal(sunday.UpdatedAt, calendar.Windows[0].UpdatedAt);
            var edited = Valid("""
                maintenance:
                  - name: Sunday backups
                    all: true
                    cron: "0 3 * * 0"
                    duration_minutes: 60
                """).Maintenance;
            host = await host.RestartAsync(o => o with { Maintenance = edited });
            calendar = host.App.Services.GetRequiredService<MaintenanceCalendar>();

            Assert.Equal(["Sunday backups", "DB upgrade", "api window"], calendar.Windows.Select(w => w.Name)); // removed from the file: kept
            var replaced = calendar.Windows[0];
            Assert.Equal((sunday.Id, sunday.CreatedAt), (replaced.Id, replaced.CreatedAt));
            Assert.True(replaced.All);
            Assert.Empty(replaced.Tags); // the file is the whole definition, not a patch
            Assert.Equal("0 3 * * 0", Assert.IsType<RecurringSchedule>(replaced.Schedule).Cron.Text);
            Assert.Equal(host.Time.GetUtcNow(), replaced.UpdatedAt);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_with_an_unknown_monitor_slug_fails_naming_the_key_path()
    {
        var options = Valid("""
            maintenance:
              - name: w
                monitors: [ghost]
                cron: "0 2 * * *"
                duration_minutes: 60
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => VigilHost.StartAsync(o => o with { Maintenance = options.Maintenance }));

        Assert.Contains("maintenance[0].monitors[0]: no monitor has the id or slug 'ghost'", error.Message);
    }
}
