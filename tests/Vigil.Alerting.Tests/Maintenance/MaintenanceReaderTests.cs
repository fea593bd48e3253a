using System.Text.Json;
using Vigil.Alerting.Maintenance;
using Vigil.Core.Monitors;
using static Vigil.Alerting.Tests.Maintenance.MaintenanceData;

namespace Vigil.Alerting.Tests.Maintenance;

public sealed class MaintenanceReaderTests
{
    private static readonly Guid Db = Guid.Parse("6f1d7c2e-0000-4000-8000-000000000001");

    [Fact]
    public void Read_OneOffWithSlugAndTags_ResolvesSlugAndKeepsUtcTimes()
    {
        var window = Window("""
            {"name": " DB upgrade ", "monitors": ["db", "6f1d7c2e-0000-4000-8000-000000000001"], "tags": ["prod", "prod"],
             "start": "2026-02-01T23:00:00+01:00", "end": "2026-02-02T01:30:00Z"}
            """, Resolver(new() { ["db"] = Db }));

        Assert.Equal("DB upgrade", window.Name);
        Assert.Equal([Db], window.MonitorIds); // the slug and the id name the same monitor
        Assert.Equal(["prod"], window.Tags);
        var schedule = Assert.IsType<OneOffSchedule>(window.Schedule);
        Assert.Equal(At("2026-02-01T22:00:00Z"), schedule.Start);
        Assert.Equal(TimeSpan.Zero, schedule.Start.Offset);
        Assert.Equal(At("2026-02-02T01:30:00Z"), schedule.End);
    }

    [Fact]
    public void Read_Recurring_DefaultsToUtcAndParsesCron()
    {
        var window = Window("""{"name": "nightly", "all": true, "cron": "0 23 * * *", "duration_minutes": 180}""");

        var schedule = Assert.IsType<RecurringSchedule>(window.Schedule);
        Assert.Equal("0 23 * * *", schedule.Cron.Text);
        Assert.Equal(TimeSpan.FromHours(3), schedule.Duration);
        Assert.Equal(TimeZoneInfo.Utc.Id, schedule.Zone.Id);
        Assert.True(window.All);
    }

    [Fact]
    public void Read_EveryFieldWrong_NamesEachFieldInOnePass()
    {
        var errors = Errors("""
            {"name": "", "monitors": ["nope"], "tags": ["has space"], "start": "2026-02-01T10:00:00", "end": 5, "colour": "red"}
            """);

        var fields = errors.Select(e => e.Field).ToHashSet();
        Assert.Contains("name", fields);
        Assert.Contains("monitors[0]", fields);
        Assert.Contains("tags[0]", fields);
        Assert.Contains("start", fields);
        Assert.Contains("end", fields);
        Assert.Contains("colour", fields);
        Assert.Contains(errors, e => e.Field == "start" && e.Message.Contains("offset", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "monitors[0]" && e.Message.Contains("'nope'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"name": "w", "all": true, "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T09:00:00Z"}""", "end", "after start")]
    [InlineData("""{"name": "w", "all": true, "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T10:00:30Z"}""", "end", "1 minute to 31 days")]
    [InlineData("""{"name": "w", "all": true, "start": "2026-02-01T10:00:00Z", "end": "2026-03-05T10:00:00Z"}""", "end", "1 minute to 31 days")]
    [InlineData("""{"name": "w", "all": true, "start": "2026-02-01T10:00:00Z"}""", "end", "is required")]
    [InlineData("""{"name": "w", "all": true, "cron": "0 2 * * *", "duration_minutes": 0}""", "duration_minutes", "1 to 44640")]
    [InlineData("""{"name": "w", "all": true, "cron": "0 2 * * *", "duration_minutes": 44641}""", "duration_minutes", "1 to 44640")]
    [InlineData("""{"name": "w", "all": true, "cron": "0 2 * * *"}""", "duration_minutes", "is required")]
    [InlineData("""{"name": "w", "all": true, "duration_minutes": 30}""", "cron", "is required")]
    [InlineData("""{"name": "w", "all": true, "cron": "61 2 * * *", "duration_minutes": 30}""", "cron", "minute field")]
    [InlineData("""{"name": "w", "all": true, "cron": "0 2 * * *", "duration_minutes": 30, "timezone": "Mars/Olympus"}""", "timezone", "IANA")]
    [InlineData("""{"name": "w", "all": true, "cron": "0 2 * * *", "duration_minutes": 30, "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T11:00:00Z"}""", "cron", "not both")]
    [InlineData("""{"name": "w", "all": true}""", "start", "needs a time")]
    [InlineData("""{"name": "w", "cron": "0 2 * * *", "duration_minutes": 30}""", "monitors", "at least one monitor or tag")]
    [InlineData("""{"name": "w", "all": true, "tags": ["db"], "cron": "0 2 * * *", "duration_minutes": 30}""", "all", "covers every monitor")]
    [InlineData("""{"all": true, "cron": "0 2 * * *", "duration_minutes": 30}""", "name", "is required")]
    [InlineData("""{"name": "w", "all": "yes", "cron": "0 2 * * *", "duration_minutes": 30}""", "all", "true or false")]
    public void Read_BadField_IsNamedWithItsRule(string json, string field, string message)
    {
        var errors = Errors(json);

        Assert.Contains(errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TooManyMonitorsOrTags_AreRefused()
    {
        var monitors = string.Join(",", Enumerable.Range(0, 1001).Select(_ => $"\"{Guid.NewGuid()}\""));
        var tags = string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"t{i}\""));

        var errors = Errors($$"""{"name": "w", "monitors": [{{monitors}}], "tags": [{{tags}}], "cron": "0 2 * * *", "duration_minutes": 30}""");

        Assert.Contains(errors, e => e.Field == "monitors" && e.Message.Contains("at most 1000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "tags" && e.Message.Contains("at most 50", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Message.Contains("at least one", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_WithConfigPrefix_NamesTheKeyPath()
    {
        var errors = new List<FieldError>();
        using var document = JsonDocument.Parse("""{"name": "w", "all": true, "cron": "bad", "duration_minutes": 30}""");

        MaintenanceReader.Read(document.RootElement, Guid.NewGuid(), Created, Resolver(), errors, "maintenance[2].");

        Assert.Equal("maintenance[2].cron", Assert.Single(errors).Field);
    }

    [Fact]
    public void StoredJson_RoundTrips_BothKinds()
    {
        foreach (var json in new[]
        {
            $$"""{"name": "a", "monitors": ["{{Db}}"], "tags": ["x"], "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T12:00:00Z"}""",
            """{"name": "b", "tags": ["db"], "cron": "30 2 * * 0", "duration_minutes": 90, "timezone": "Europe/Berlin"}""",
        })
        {
            var window = Window(json);
            var errors = new List<FieldError>();

            var read = MaintenanceJson.Read(MaintenanceJson.Write(window), window.Id, window.CreatedAt, window.UpdatedAt, errors);

            Assert.Empty(errors);
            Assert.NotNull(read);
            Assert.Equal(MaintenanceJson.Write(window), MaintenanceJson.Write(read!));
        }
    }

    [Fact]
    public void Patch_GivingCron_SwitchesOneOffToRecurringAndKeepsTheRest()
    {
        var window = Window("""{"name": "a", "tags": ["db"], "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T12:00:00Z"}""");
        var errors = new List<FieldError>();
        using var patch = JsonDocument.Parse("""{"cron": "0 3 * * *", "duration_minutes": 45, "timezone": "Europe/Berlin"}""");

        var patched = MaintenanceReader.Patch(patch.RootElement, window, Created.AddDays(1), Resolver(), errors);

        Assert.Empty(errors);
        Assert.Equal(window.Id, patched!.Id);
        Assert.Equal("a", patched.Name);
        Assert.Equal(["db"], patched.Tags);
        Assert.Equal(window.CreatedAt, patched.CreatedAt);
        Assert.Equal(Created.AddDays(1), patched.UpdatedAt);
        Assert.Equal("Europe/Berlin", Assert.IsType<RecurringSchedule>(patched.Schedule).Zone.Id);
    }

    [Fact]
    public void Patch_AllTrue_DropsTagsAndBadValueIsNamed()
    {
        var window = Window("""{"name": "a", "tags": ["db"], "cron": "0 3 * * *", "duration_minutes": 45}""");
        var errors = new List<FieldError>();
        using var all = JsonDocument.Parse("""{"all": true}""");

        Assert.True(MaintenanceReader.Patch(all.RootElement, window, Created, Resolver(), errors)!.All);

        using var bad = JsonDocument.Parse("""{"duration_minutes": -5, "name": null}""");
        Assert.Null(MaintenanceReader.Patch(bad.RootElement, window, Created, Resolver(), errors));
        Assert.Contains(errors, e => e.Field == "duration_minutes");
        Assert.Contains(errors, e => e.Field == "name" && e.Message == "is required");
    }

    [Fact]
    public void Silence_Read_ValidatesMinutesAndReason()
    {
        var now = At("2026-03-01T12:00:00Z");
        var monitor = Guid.NewGuid();
        using var good = JsonDocument.Parse("""{"minutes": 90, "reason": "deploying"}""");
        var errors = new List<FieldError>();

        var silence = Silence.Read(good.RootElement, monitor, now, errors);

        Assert.Equal(new Silence(monitor, now.AddMinutes(90), "deploying", now), silence);
        foreach (var (json, field) in new[]
        {
            ("""{"reason": "x"}""", "minutes"), ("""{"minutes": 0}""", "minutes"), ("""{"minutes": 44641}""", "minutes"),
            ("""{"minutes": 1.5}""", "minutes"), ($$"""{"minutes": 5, "reason": "{{new string('r', 501)}}"}""", "reason"),
            ("""{"minutes": 5, "until": "tomorrow"}""", "until"), ("""[5]""", "(body)"),
        })
        {
            errors.Clear();
            using var bad = JsonDocument.Parse(json);
            Assert.Null(Silence.Read(bad.RootElement, monitor, now, errors));
            Assert.Contains(errors, e => e.Field == field);
        }
    }
}
