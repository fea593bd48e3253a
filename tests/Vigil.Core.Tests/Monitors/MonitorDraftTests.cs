using Vigil.Core.Monitors;
using Vigil.Core.Schedules;

namespace Vigil.Core.Tests.Monitors;

public sealed class MonitorDraftTests
{
    private static readonly DateTimeOffset Now = TestData.Origin;
    private static readonly Guid Id = Guid.Parse("0b9d2f0e-52b8-4a4e-9a43-0d2b3c2a1f11");
    private const long MaxSeconds = 366L * 24 * 3600;

    private static (MonitorDefinition? Definition, List<FieldError> Errors) Create(MonitorDraft draft, string prefix = "")
    {
        var errors = new List<FieldError>();
        var definition = draft.ToNewDefinition(Id, Now, errors, prefix);
        return (definition, errors);
    }

    private static (MonitorDefinition? Definition, List<FieldError> Errors) Patch(MonitorDefinition current, MonitorDraft draft)
    {
        var errors = new List<FieldError>();
        var definition = draft.Apply(current, errors);
        return (definition, errors);
    }

    private static MonitorDefinition Existing(Schedule? schedule = null) => new(
        Id, "Nightly backup", "nightly-backup", ["db", "prod"], "Backs up the database",
        schedule ?? new SimpleSchedule(TimeSpan.FromHours(6), TimeSpan.FromMinutes(15)), false, Now.AddDays(-3));

    private static CronSchedule Cron(string expression, string zone, TimeSpan grace)
    {
        Assert.True(CronExpression.TryParse(expression, out var cron, out var error), error);
        return new CronSchedule(cron!, TimeZoneInfo.FindSystemTimeZoneById(zone), grace);
    }

    private static void AssertOnlyError(List<FieldError> errors, MonitorDefinition? definition, string field)
    {
        Assert.Null(definition);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(field, e.Field));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void ToNewDefinition_NameAndPeriodOnly_Defaults()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "  Nightly Backup!  ", PeriodSeconds = 3600 });

        Assert.Empty(errors);
        Assert.NotNull(definition);
        Assert.Equal(Id, definition.Id);
        Assert.Equal("Nightly Backup!", definition.Name);
        Assert.Equal("nightly-backup", definition.Slug);
        Assert.Empty(definition.Tags);
        Assert.Equal("", definition.Description);
        Assert.False(definition.Paused);
        Assert.Equal(Now, definition.CreatedAt);
        Assert.Equal(new SimpleSchedule(TimeSpan.FromHours(1), TimeSpan.FromHours(1)), definition.Schedule);
    }

    [Fact]
    public void ToNewDefinition_SlugOnly_NameFromSlug()
    {
        var (definition, errors) = Create(new MonitorDraft { Slug = "db-sync", PeriodSeconds = 60, GraceSeconds = 5 });

        Assert.Empty(errors);
        Assert.Equal("db-sync", definition!.Name);
        Assert.Equal("db-sync", definition.Slug);
        Assert.Equal(new SimpleSchedule(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5)), definition.Schedule);
    }

    [Fact]
    public void ToNewDefinition_AllFields_Kept()
    {
        var (definition, errors) = Create(new MonitorDraft
        {
            Name = "Backup",
            Slug = "backup-1",
            Type = "heartbeat",
            Description = "nightly",
            Tags = ["db", "prod", "db", "team:ops", "a/b.c_d-e"],
            Cron = "0 2 * * *",
            Timezone = "Europe/Berlin",
            GraceSeconds = 600,
            Paused = true,
        });

        Assert.Empty(errors);
        Assert.Equal("backup-1", definition!.Slug);
        Assert.Equal("nightly", definition.Description);
        Assert.Equal(["db", "prod", "team:ops", "a/b.c_d-e"], definition.Tags);
        Assert.True(definition.Paused);
        var cron = Assert.IsType<CronSchedule>(definition.Schedule);
        Assert.Equal("0 2 * * *", cron.Expression.Text);
        Assert.Equal("Europe/Berlin", cron.Zone.Id);
        Assert.Equal(TimeSpan.FromMinutes(10), cron.Grace);
    }

    [Fact]
    public void ToNewDefinition_CronWithoutTimezone_Utc()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "x", Cron = "*/5 * * * *" });

        Assert.Empty(errors);
        var cron = Assert.IsType<CronSchedule>(definition!.Schedule);
        Assert.Equal(TimeZoneInfo.Utc.BaseUtcOffset, cron.Zone.BaseUtcOffset);
        Assert.False(cron.Zone.SupportsDaylightSavingTime);
        Assert.Equal(TimeSpan.FromHours(1), cron.Grace);
    }

    [Theory]
    [InlineData("Nightly Backup!", "nightly-backup")]
    [InlineData("  DB -- sync  ", "db-sync")]
    [InlineData("snake_case_job", "snake_case_job")]
    [InlineData("Ünïcode Jöb", "n-code-j-b")]
    [InlineData("2024 report", "2024-report")]
    [InlineData("!!!", "")]
    [InlineData("", "")]
    public void Slugify_Name_LowerCaseDashed(string name, string slug)
    {
        Assert.Equal(slug, MonitorDraft.Slugify(name));
    }

    [Fact]
    public void Slugify_LongName_CutTo100WithoutTrailingDash()
    {
        Assert.Equal(new string('a', 99), MonitorDraft.Slugify(new string('a', 99) + " bbbb"));
        Assert.Equal(new string('a', 100), MonitorDraft.Slugify(new string('a', 150)));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("  ", null)]
    public void ToNewDefinition_NoNameNorSlug_NameRequired(string? name, string? slug)
    {
        var (definition, errors) = Create(new MonitorDraft { Name = name, Slug = slug, PeriodSeconds = 60 });

        Assert.Null(definition);
        Assert.Contains(errors, e => e.Field == "name");
    }

    [Fact]
    public void ToNewDefinition_NameTooLong_NameError()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = new string('n', MonitorDraft.MaxNameLength + 1), Slug = "ok", PeriodSeconds = 60 });

        AssertOnlyError(errors, definition, "name");
    }

    [Fact]
    public void ToNewDefinition_NameAtMaxLength_Accepted()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = new string('n', MonitorDraft.MaxNameLength), PeriodSeconds = 60 });

        Assert.Empty(errors);
        Assert.Equal(MonitorDraft.MaxNameLength, definition!.Name.Length);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("_leading-underscore")]
    [InlineData("dot.ted")]
    public void ToNewDefinition_BadSlug_SlugError(string slug)
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", Slug = slug, PeriodSeconds = 60 });

        AssertOnlyError(errors, definition, "slug");
    }

    [Fact]
    public void ToNewDefinition_SlugTooLong_SlugError()
    {
        var (ok, okErrors) = Create(new MonitorDraft { Name = "ok", Slug = new string('s', 100), PeriodSeconds = 60 });
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", Slug = new string('s', 101), PeriodSeconds = 60 });

        Assert.Empty(okErrors);
        Assert.NotNull(ok);
        AssertOnlyError(errors, definition, "slug");
    }

    [Fact]
    public void ToNewDefinition_NameWithoutSlugChars_SlugError()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "???", PeriodSeconds = 60 });

        AssertOnlyError(errors, definition, "slug");
    }

    [Theory]
    [InlineData("period_seconds", 1, true)]
    [InlineData("period_seconds", MaxSeconds, true)]
    [InlineData("period_seconds", 0, false)]
    [InlineData("period_seconds", -5, false)]
    [InlineData("period_seconds", MaxSeconds + 1, false)]
    [InlineData("period_seconds", long.MaxValue, false)]
    [InlineData("period_seconds", long.MinValue, false)]
    [InlineData("grace_seconds", 1, true)]
    [InlineData("grace_seconds", MaxSeconds, true)]
    [InlineData("grace_seconds", 0, false)]
    [InlineData("grace_seconds", -1, false)]
    [InlineData("grace_seconds", MaxSeconds + 1, false)]
    [InlineData("grace_seconds", long.MaxValue, false)]
    public void ToNewDefinition_IntervalBounds_OneSecondTo366Days(string field, long seconds, bool valid)
    {
        var draft = new MonitorDraft { Name = "ok", PeriodSeconds = 60, GraceSeconds = 60 };
        if (field == "period_seconds")
            draft.PeriodSeconds = seconds;
        else
            draft.GraceSeconds = seconds;

        var (definition, errors) = Create(draft);

        if (valid)
        {
            Assert.Empty(errors);
            var schedule = Assert.IsType<SimpleSchedule>(definition!.Schedule);
            Assert.Equal(TimeSpan.FromSeconds(seconds), field == "period_seconds" ? schedule.Period : schedule.Grace);
        }
        else
        {
            AssertOnlyError(errors, definition, field);
            Assert.Equal("must be between 1 and 31622400 seconds", Assert.Single(errors).Message);
        }
    }

    [Fact]
    public void ToNewDefinition_BadGraceWithCron_GraceError()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", Cron = "0 2 * * *", GraceSeconds = 0 });

        AssertOnlyError(errors, definition, "grace_seconds");
    }

    [Fact]
    public void ToNewDefinition_NoPeriodNorCron_PeriodRequiredError()
    {
        var (_, errors) = Create(new MonitorDraft { Name = "ok" });

        var error = Assert.Single(errors);
        Assert.Equal("period_seconds", error.Field);
        Assert.Equal("is required (or give cron and timezone)", error.Message);
    }

    [Fact]
    public void ToNewDefinition_NoPeriodNorCron_NoDefinition()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok" });

        AssertOnlyError(errors, definition, "period_seconds");
    }

    [Fact]
    public void ToNewDefinition_PeriodAndCron_CronError()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", PeriodSeconds = 60, Cron = "0 2 * * *" });

        AssertOnlyError(errors, definition, "cron");
        Assert.Contains("not both", errors[0].Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0 2 * *")]
    [InlineData("61 * * * *")]
    [InlineData("@sometimes")]
    public void ToNewDefinition_BadCron_CronError(string cron)
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", Cron = cron, Timezone = "UTC" });

        AssertOnlyError(errors, definition, "cron");
    }

    [Fact]
    public void ToNewDefinition_TimezoneWithoutCron_CronRequired()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", Timezone = "Europe/Berlin" });

        Assert.Null(definition);
        Assert.Contains(errors, e => e.Field == "cron" && e.Message == "is required when timezone is given");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    public void ToNewDefinition_UnknownTimezone_TimezoneError(string zone)
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", Cron = "0 2 * * *", Timezone = zone });

        AssertOnlyError(errors, definition, "timezone");
        Assert.Equal($"'{zone}' is not a known IANA time zone", errors[0].Message);
    }

    [Fact]
    public void ToNewDefinition_BadCronAndZone_BothReported()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", Cron = "nope", Timezone = "Nowhere/City" });

        Assert.Null(definition);
        Assert.Equal(["cron", "timezone"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ToNewDefinition_TooManyTags_TagsError()
    {
        var tags = Enumerable.Range(0, MonitorDraft.MaxTags + 1).Select(i => "t" + i).ToArray();

        var (definition, errors) = Create(new MonitorDraft { Name = "ok", PeriodSeconds = 60, Tags = tags });

        AssertOnlyError(errors, definition, "tags");
    }

    [Fact]
    public void ToNewDefinition_BadTags_IndexedTagErrors()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", PeriodSeconds = 60, Tags = ["good", "has space", "", new string('t', 65), "ok:1", null!] });

        Assert.Null(definition);
        Assert.Equal(["tags[1]", "tags[2]", "tags[3]", "tags[5]"], errors.Select(e => e.Field));
    }

    [Fact]
    public void ToNewDefinition_UnknownType_TypeError()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", PeriodSeconds = 60, Type = "smtp" });

        AssertOnlyError(errors, definition, "type");
        Assert.Contains("'smtp'", errors[0].Message);
    }

    [Fact]
    public void ToNewDefinition_DescriptionTooLong_DescriptionError()
    {
        var (definition, errors) = Create(new MonitorDraft { Name = "ok", PeriodSeconds = 60, Description = new string('d', MonitorDraft.MaxDescriptionLength + 1) });

        AssertOnlyError(errors, definition, "description");
    }

    [Fact]
    public void ToNewDefinition_Prefix_AppliedToEveryField()
    {
        var draft = new MonitorDraft
        {
            Name = new string('n', 300),
            Slug = "Bad Slug",
            Type = "heartbeat",
            Description = new string('d', 5000),
            Tags = ["ok", "bad tag"],
            PeriodSeconds = 0,
            GraceSeconds = 0,
        };

        var (definition, errors) = Create(draft, "monitors[2].");

        Assert.Null(definition);
        Assert.Equal(
            ["monitors[2].name", "monitors[2].slug", "monitors[2].description", "monitors[2].tags[1]", "monitors[2].grace_seconds", "monitors[2].period_seconds"],
            errors.Select(e => e.Field));
    }

    [Fact]
    public void ToNewDefinition_PrefixOnRequiredErrors_Applied()
    {
        var (_, errors) = Create(new MonitorDraft(), "checks.a.");

        Assert.Contains(errors, e => e.Field == "checks.a.name");
        Assert.Contains(errors, e => e.Field == "checks.a.period_seconds");
        Assert.All(errors, e => Assert.StartsWith("checks.a.", e.Field));
    }

    [Fact]
    public void Apply_EmptyDraft_KeepsEverything()
    {
        var current = Existing();

        var (definition, errors) = Patch(current, new MonitorDraft());

        Assert.Empty(errors);
        Assert.Equal(current.Id, definition!.Id);
        Assert.Equal(current.Name, definition.Name);
        Assert.Equal(current.Slug, definition.Slug);
        Assert.Equal(current.Tags, definition.Tags);
        Assert.Equal(current.Description, definition.Description);
        Assert.Equal(current.Schedule, definition.Schedule);
        Assert.Equal(current.Paused, definition.Paused);
        Assert.Equal(current.CreatedAt, definition.CreatedAt);
    }

    [Fact]
    public void Apply_NameOnly_KeepsSlugAndSchedule()
    {
        var current = Existing();

        var (definition, errors) = Patch(current, new MonitorDraft { Name = "Renamed Job", Paused = true });

        Assert.Empty(errors);
        Assert.Equal("Renamed Job", definition!.Name);
        Assert.Equal("nightly-backup", definition.Slug);
        Assert.Equal(current.Schedule, definition.Schedule);
        Assert.Equal(current.Tags, definition.Tags);
        Assert.True(definition.Paused);
    }

    [Fact]
    public void Apply_GraceOnlyOnSimple_KeepsPeriod()
    {
        var (definition, errors) = Patch(Existing(), new MonitorDraft { GraceSeconds = 120 });

        Assert.Empty(errors);
        Assert.Equal(new SimpleSchedule(TimeSpan.FromHours(6), TimeSpan.FromMinutes(2)), definition!.Schedule);
    }

    [Fact]
    public void Apply_GraceOnlyOnCron_KeepsExpressionAndZone()
    {
        var current = Existing(Cron("0 2 * * *", "Europe/Berlin", TimeSpan.FromMinutes(30)));

        var (definition, errors) = Patch(current, new MonitorDraft { GraceSeconds = 60 });

        Assert.Empty(errors);
        var cron = Assert.IsType<CronSchedule>(definition!.Schedule);
        Assert.Equal("0 2 * * *", cron.Expression.Text);
        Assert.Equal("Europe/Berlin", cron.Zone.Id);
        Assert.Equal(TimeSpan.FromMinutes(1), cron.Grace);
    }

    [Fact]
    public void Apply_SimpleToCron_KeepsGrace()
    {
        var (definition, errors) = Patch(Existing(), new MonitorDraft { Cron = "30 4 * * 1-5", Timezone = "America/New_York" });

        Assert.Empty(errors);
        var cron = Assert.IsType<CronSchedule>(definition!.Schedule);
        Assert.Equal("30 4 * * 1-5", cron.Expression.Text);
        Assert.Equal("America/New_York", cron.Zone.Id);
        Assert.Equal(TimeSpan.FromMinutes(15), cron.Grace);
    }

    [Fact]
    public void Apply_CronToSimple_KeepsGrace()
    {
        var current = Existing(Cron("0 2 * * *", "Europe/Berlin", TimeSpan.FromMinutes(30)));

        var (definition, errors) = Patch(current, new MonitorDraft { PeriodSeconds = 600 });

        Assert.Empty(errors);
        Assert.Equal(new SimpleSchedule(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)), definition!.Schedule);
    }

    [Fact]
    public void Apply_TimezoneOnlyOnCron_KeepsExpression()
    {
        var current = Existing(Cron("0 2 * * *", "Europe/Berlin", TimeSpan.FromMinutes(30)));

        var (definition, errors) = Patch(current, new MonitorDraft { Timezone = "Asia/Tokyo" });

        Assert.Empty(errors);
        var cron = Assert.IsType<CronSchedule>(definition!.Schedule);
        Assert.Equal("0 2 * * *", cron.Expression.Text);
        Assert.Equal("Asia/Tokyo", cron.Zone.Id);
    }

    [Fact]
    public void Apply_CronOnlyOnCron_KeepsZone()
    {
        var current = Existing(Cron("0 2 * * *", "Europe/Berlin", TimeSpan.FromMinutes(30)));

        var (definition, errors) = Patch(current, new MonitorDraft { Cron = "0 3 * * *" });

        Assert.Empty(errors);
        var cron = Assert.IsType<CronSchedule>(definition!.Schedule);
        Assert.Equal("0 3 * * *", cron.Expression.Text);
        Assert.Equal("Europe/Berlin", cron.Zone.Id);
    }

    [Fact]
    public void Apply_TimezoneOnlyOnSimple_CronRequired()
    {
        var (definition, errors) = Patch(Existing(), new MonitorDraft { Timezone = "UTC" });

        AssertOnlyError(errors, definition, "cron");
    }

    [Fact]
    public void Apply_EmptyName_NameError()
    {
        var (definition, errors) = Patch(Existing(), new MonitorDraft { Name = "   " });

        AssertOnlyError(errors, definition, "name");
    }

    [Fact]
    public void Apply_Errors_CurrentUntouchedAndOnlyNewErrorsCount()
    {
        var current = Existing();
        var errors = new List<FieldError> { new("other", "an earlier problem") };

        var definition = new MonitorDraft { Description = "fine" }.Apply(current, errors);

        Assert.NotNull(definition);
        Assert.Equal("fine", definition.Description);
        Assert.Equal("Backs up the database", current.Description);
        Assert.Single(errors);
    }
}
