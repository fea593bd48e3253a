using System.Diagnostics;
using Vigil.Alerting.Maintenance;
using Xunit.Abstractions;
using static Vigil.Alerting.Tests.Maintenance.MaintenanceData;

namespace Vigil.Alerting.Tests.Maintenance;

public sealed class MaintenanceCalendarTests(ITestOutputHelper output)
{
    private static readonly Guid Monitor = Guid.NewGuid();
    private static readonly string[] NoTags = [];

    private static MaintenanceCalendar Calendar(params MaintenanceWindow[] windows)
    {
        var calendar = new MaintenanceCalendar();
        calendar.Load(windows, []);
        return calendar;
    }

    private static bool Covered(MaintenanceCalendar calendar, string at, IReadOnlyList<string>? tags = null, Guid? monitor = null) =>
        calendar.Covers(monitor ?? Monitor, tags ?? NoTags, At(at), out _);

    [Fact]
    public void OneOff_CoversFromStartUntilEnd()
    {
        var window = Window($$"""{"name": "upgrade", "monitors": ["{{Monitor}}"], "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T12:00:00Z"}""");
        var calendar = Calendar(window);

        Assert.False(Covered(calendar, "2026-02-01T09:59:59Z"));
        Assert.True(calendar.Covers(Monitor, NoTags, At("2026-02-01T10:00:00Z"), out var found));
        Assert.Same(window, found);
        Assert.True(Covered(calendar, "2026-02-01T11:59:59.999Z"));
        Assert.False(Covered(calendar, "2026-02-01T12:00:00Z")); // half-open: the end is outside
        Assert.False(Covered(calendar, "2026-02-01T11:00:00Z", monitor: Guid.NewGuid())); // another monitor
    }

    [Theory]
    // An ordinary night in winter (CET, +01:00): 02:30 local is 01:30 UTC.
    [InlineData("2026-03-28T01:29:00Z", false)]
    [InlineData("2026-03-28T01:30:00Z", true)]
    [InlineData("2026-03-28T02:29:00Z", true)]
    [InlineData("2026-03-28T02:30:00Z", false)]
    // Spring forward (02:00 CET -> 03:00 CEST): 02:30 does not exist, so the window opens at 03:00 CEST = 01:00 UTC, for one hour.
    [InlineData("2026-03-29T00:59:00Z", false)]
    [InlineData("2026-03-29T01:00:00Z", true)]
    [InlineData("2026-03-29T01:59:00Z", true)]
    [InlineData("2026-03-29T02:00:00Z", false)]
    // The first summer night (CEST, +02:00): 02:30 local is 00:30 UTC.
    [InlineData("2026-03-30T00:30:00Z", true)]
    [InlineData("2026-03-30T01:30:00Z", false)]
    // Fall back (03:00 CEST -> 02:00 CET): 02:30 happens twice; the window opens on the first pass only.
    [InlineData("2026-10-25T00:30:00Z", true)]
    [InlineData("2026-10-25T01:29:00Z", true)]
    [InlineData("2026-10-25T01:45:00Z", false)]
    public void Recurring_BerlinAcrossDaylightSaving_OpensWhenCronWouldRun(string at, bool covered)
    {
        var calendar = Calendar(Window("""{"name": "backup", "all": true, "cron": "30 2 * * *", "duration_minutes": 60, "timezone": "Europe/Berlin"}"""));

        Assert.Equal(covered, Covered(calendar, at));
    }

    [Fact]
    public void Recurring_DurationIsElapsedTime_OverTheSpringForwardNight()
    {
        // 01:00 CET is 00:00 UTC; four real hours later is 04:00 UTC, which is 06:00 on the wall clock after the change.
        var calendar = Calendar(Window("""{"name": "long", "all": true, "cron": "0 1 * * *", "duration_minutes": 240, "timezone": "Europe/Berlin"}"""));

        Assert.True(calendar.Covers(Monitor, NoTags, At("2026-03-29T03:59:00Z"), out var window));
        Assert.True(window!.Schedule.Covers(At("2026-03-29T03:59:00Z"), out var holdsUntil));
        Assert.Equal(At("2026-03-29T04:00:00Z"), holdsUntil);
        Assert.False(Covered(calendar, "2026-03-29T04:00:00Z"));
        var period = Assert.Single(calendar.Periods(Monitor, NoTags, At("2026-03-28T12:00:00Z"), At("2026-03-29T12:00:00Z")));
        Assert.Equal((At("2026-03-29T00:00:00Z"), At("2026-03-29T04:00:00Z")), (period.Start, period.End));
    }

    [Fact]
    public void Recurring_CrossingMidnight_CoversTheNextDayAndExpandsIntoClippedPeriods()
    {
        // 23:00 to 02:00 Berlin time, in winter: 22:00 to 01:00 UTC.
        var window = Window($$"""{"name": "nightly", "monitors": ["{{Monitor}}"], "cron": "0 23 * * *", "duration_minutes": 180, "timezone": "Europe/Berlin"}""");
        var calendar = Calendar(window);

        Assert.True(Covered(calendar, "2026-01-10T00:30:00Z")); // 01:30 local, opened the evening before
        Assert.False(Covered(calendar, "2026-01-10T01:00:00Z"));
        Assert.True(Covered(calendar, "2026-01-10T22:00:00Z"));

        var periods = calendar.Periods(Monitor, NoTags, At("2026-01-10T00:00:00Z"), At("2026-01-13T00:00:00Z"));

        Assert.Equal(
            [
                (At("2026-01-10T00:00:00Z"), At("2026-01-10T01:00:00Z")), // clipped at the range's start
                (At("2026-01-10T22:00:00Z"), At("2026-01-11T01:00:00Z")),
                (At("2026-01-11T22:00:00Z"), At("2026-01-12T01:00:00Z")),
                (At("2026-01-12T22:00:00Z"), At("2026-01-13T00:00:00Z")), // clipped at its end
            ],
            periods.Select(p => (p.Start, p.End)));
        Assert.All(periods, p => Assert.Equal(("nightly", window.Id), (p.WindowName, p.WindowId)));
        Assert.Equal(TimeSpan.FromHours(1 + 3 + 3 + 2), MaintenancePeriod.Covered(periods));
    }

    [Fact]
    public void Recurring_AtTheEdgesOfTime_AnswersWithoutThrowing()
    {
        var calendar = Calendar(Window("""{"name": "daily", "all": true, "cron": "0 3 * * *", "duration_minutes": 44640}"""));

        Assert.False(calendar.Covers(Monitor, NoTags, DateTimeOffset.MinValue, out _));
        Assert.Empty(calendar.Periods(Monitor, NoTags, DateTimeOffset.MinValue, DateTimeOffset.MinValue.AddMinutes(1)));
        Assert.False(calendar.Covers(Monitor, NoTags, DateTimeOffset.MaxValue, out _)); // cron searches end before year 9991
    }

    [Fact]
    public void Tags_AndAll_SelectWhichMonitorsAreCovered()
    {
        var byTag = Window("""{"name": "db work", "tags": ["db"], "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T12:00:00Z"}""");
        var everything = Window("""{"name": "network", "all": true, "start": "2026-02-01T11:00:00Z", "end": "2026-02-01T13:00:00Z"}""");
        var calendar = Calendar(byTag, everything);

        Assert.True(calendar.Covers(Monitor, ["web", "db"], At("2026-02-01T10:30:00Z"), out var window));
        Assert.Same(byTag, window);
        Assert.False(Covered(calendar, "2026-02-01T10:30:00Z", ["web"]));
        Assert.False(Covered(calendar, "2026-02-01T10:30:00Z", ["DB"])); // tags are case-sensitive, like monitor tags
        Assert.True(calendar.Covers(Guid.NewGuid(), NoTags, At("2026-02-01T12:30:00Z"), out window));
        Assert.Same(everything, window);

        var periods = calendar.Periods(Monitor, ["db"], At("2026-02-01T00:00:00Z"), At("2026-02-02T00:00:00Z"));
        Assert.Equal(["db work", "network"], periods.Select(p => p.WindowName));
        Assert.Equal(TimeSpan.FromHours(3), MaintenancePeriod.Covered(periods)); // 10:00-13:00, the overlap counted once
        Assert.Single(calendar.Periods(Monitor, ["web"], At("2026-02-01T00:00:00Z"), At("2026-02-02T00:00:00Z")));
    }

    [Fact]
    public void Set_ReplacesAndRemove_Forgets()
    {
        var window = Window($$"""{"name": "w", "monitors": ["{{Monitor}}"], "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T12:00:00Z"}""");
        var calendar = Calendar(window);

        calendar.Set(window with { Schedule = new OneOffSchedule(At("2026-02-02T10:00:00Z"), At("2026-02-02T12:00:00Z")) });

        Assert.Single(calendar.Windows);
        Assert.False(Covered(calendar, "2026-02-01T11:00:00Z"));
        Assert.True(Covered(calendar, "2026-02-02T11:00:00Z"));
        Assert.True(calendar.Remove(window.Id));
        Assert.False(calendar.Remove(window.Id));
        Assert.False(Covered(calendar, "2026-02-02T11:00:00Z"));
    }

    [Fact]
    public void Periods_OverlappingOccurrencesOfOneWindow_MergeAndTheCapHolds()
    {
        // Every 10 minutes for 15 minutes: occurrences overlap, so the window is one long period.
        var overlapping = Calendar(Window("""{"name": "o", "all": true, "cron": "*/10 * * * *", "duration_minutes": 15}"""));
        var merged = overlapping.Periods(Monitor, NoTags, At("2026-02-01T00:00:00Z"), At("2026-02-02T00:00:00Z"));
        Assert.Equal((At("2026-02-01T00:00:00Z"), At("2026-02-02T00:00:00Z")), (Assert.Single(merged).Start, merged[0].End));

        // Every other minute for one minute, over 400 days: 288,000 periods, capped at the limit.
        var dense = Calendar(Window("""{"name": "d", "all": true, "cron": "*/2 * * * *", "duration_minutes": 1}"""));
        var clock = Stopwatch.StartNew();
        var capped = dense.Periods(Monitor, NoTags, At("2025-01-01T00:00:00Z"), At("2026-02-05T00:00:00Z"));
        output.WriteLine($"10,000 periods of a per-2-minute window expanded in {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.Equal(MaintenanceCalendar.MaxPeriods, capped.Count);
        Assert.Equal(At("2025-01-01T00:00:00Z"), capped[0].Start);
        Assert.Equal(At("2025-01-14T21:18:00Z"), capped[^1].Start); // the 10,000th occurrence, 2 minutes apart
        Assert.Equal(3, dense.Periods(Monitor, NoTags, At("2025-01-01T00:00:00Z"), At("2025-01-02T00:00:00Z"), limit: 3).Count);
    }

    [Fact]
    public void Covers_AllocatesNothing_AndCostsAboutOneCronProbePerNamingWindow()
    {
        var windows = new List<MaintenanceWindow>();
        for (var i = 0; i < 100; i++)
            windows.Add(Window($$"""{"name": "t{{i}}", "tags": ["db", "t{{i}}"], "cron": "0 3 * * {{i % 7}}", "duration_minutes": 60, "timezone": "Europe/Berlin"}"""));
        for (var i = 0; i < 900; i++)
            windows.Add(Window($$"""{"name": "m{{i}}", "monitors": ["{{Guid.NewGuid()}}"], "start": "2026-02-01T10:00:00Z", "end": "2026-02-01T12:00:00Z"}"""));
        var calendar = Calendar([.. windows]);
        calendar.SetSilence(new Silence(Monitor, At("2026-03-01T00:00:00Z"), "", Created));
        IReadOnlyList<string> tags = ["web", "db"];
        var at = At("2026-02-04T12:00:00Z"); // a Wednesday noon: no window is open, so all 100 tagged windows are probed
        Assert.False(calendar.Covers(Monitor, tags, at, out _));
        Assert.True(calendar.IsSilenced(Monitor, at, out _));
        for (var i = 0; i < 20; i++) // warm-up: first calls may allocate once (JIT, time zone rule caches)
            calendar.Covers(Monitor, tags, at.AddDays(-i), out _);

        // Cached: the clock moves on, but no window opens or closes in between.
        const int Lookups = 2_000;
        var clock = new Stopwatch();
        var before = GC.GetAllocatedBytesForCurrentThread();
        clock.Start();
        for (var i = 0; i < Lookups; i++)
        {
            calendar.Covers(Monitor, tags, at.AddSeconds(i), out _);
            calendar.IsSilenced(Monitor, at.AddSeconds(i), out _);
        }
        clock.Stop();
        var cached = clock.Elapsed;
        // Uncached: each lookup is earlier than the span the caches hold for, so every window searches its cron.
        const int ColdLookups = 50;
        clock.Restart();
        for (var i = 0; i < ColdLookups; i++)
            calendar.Covers(Monitor, tags, at.AddMinutes(-1 - i), out _);
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"Covers over 100 tag windows (1,000 windows held): {cached.TotalMicroseconds / Lookups:0.00} µs cached, " +
                         $"{clock.Elapsed.TotalMicroseconds / ColdLookups:0.0} µs uncached per lookup; {allocated} bytes allocated in {Lookups + ColdLookups}");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Silence_EndsAtItsUntilAndIsCleanedUp()
    {
        var calendar = new MaintenanceCalendar();
        var gone = Guid.NewGuid();
        calendar.SetSilence(new Silence(Monitor, At("2026-02-01T11:00:00Z"), "deploy", At("2026-02-01T10:00:00Z")));
        calendar.SetSilence(new Silence(gone, At("2026-02-09T00:00:00Z"), "", At("2026-02-01T10:00:00Z")));

        Assert.True(calendar.IsSilenced(Monitor, At("2026-02-01T10:59:59Z"), out var silence));
        Assert.Equal("deploy", silence!.Reason);
        Assert.Equal(At("2026-02-01T11:00:00Z"), calendar.SilencedUntil(Monitor, At("2026-02-01T10:30:00Z")));
        Assert.False(calendar.IsSilenced(Monitor, At("2026-02-01T11:00:00Z"), out silence)); // expired, though still held
        Assert.Null(silence);
        Assert.Null(calendar.SilencedUntil(Monitor, At("2026-02-01T11:00:00Z")));
        Assert.Equal(2, calendar.Silences.Count);

        var removed = calendar.RemoveSilences(At("2026-02-01T11:00:00Z"), keep: id => id != gone);

        Assert.Equal(new HashSet<Guid> { Monitor, gone }, removed.ToHashSet());
        Assert.Empty(calendar.Silences);
        Assert.False(calendar.Unsilence(Monitor));
    }

    [Fact]
    public async Task Lookups_WhileWindowsChange_SeeAWholeSnapshot()
    {
        var calendar = new MaintenanceCalendar();
        var always = Window($$"""{"name": "always", "monitors": ["{{Monitor}}"], "start": "2026-01-01T00:00:00Z", "end": "2026-01-31T00:00:00Z"}""");
        calendar.Set(always);
        var at = At("2026-01-10T00:00:00Z");
        var misses = 0;
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                var other = Window($$"""{"name": "o{{i}}", "tags": ["x"], "start": "2026-01-01T00:00:00Z", "end": "2026-01-02T00:00:00Z"}""");
                calendar.Set(other);
                calendar.Remove(other.Id);
            }
        });
        while (!writer.IsCompleted)
            if (!calendar.Covers(Monitor, NoTags, at, out _))
                Interlocked.Increment(ref misses);
        await writer;

        Assert.Equal(0, misses);
    }
}
