using System.Diagnostics;
using System.Globalization;
using Vigil.Core.Schedules;

namespace Vigil.Core.Tests.Schedules;

public class CronExpressionTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
    private static readonly TimeZoneInfo LordHowe = TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe");
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    // ---- syntax ----

    [Theory]
    [InlineData("* * * * *", "2025-01-01T00:00:30Z", "2025-01-01T00:01Z")]
    [InlineData("* * * * *", "2025-01-01T00:01Z", "2025-01-01T00:02Z")]
    [InlineData("5 * * * *", "2025-01-01T00:05Z", "2025-01-01T01:05Z")]
    [InlineData("5 * * * *", "2025-01-01T00:04:59.999Z", "2025-01-01T00:05Z")]
    [InlineData("10-12 * * * *", "2025-01-01T00:12Z", "2025-01-01T01:10Z")]
    [InlineData("*/20 * * * *", "2025-01-01T00:41Z", "2025-01-01T01:00Z")]
    [InlineData("10-40/15 * * * *", "2025-01-01T00:26Z", "2025-01-01T00:40Z")]
    [InlineData("50/5 * * * *", "2025-01-01T00:55Z", "2025-01-01T01:50Z")]
    [InlineData("0 9-17/4 * * *", "2025-01-01T13:00Z", "2025-01-01T17:00Z")]
    [InlineData("0 0 1 1 *", "2025-12-31T23:59:30Z", "2026-01-01T00:00Z")]
    public void GetNextOccurrence_SyntaxForm_ReturnsExpectedUtcMinute(string expression, string after, string expected)
    {
        var next = Parse(expression).GetNextOccurrence(At(after), TimeZoneInfo.Utc);

        Assert.Equal(At(expected), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void GetNextOccurrence_ListOfMixedForms_FiresAtEachListedMinute()
    {
        Assert.Equal(
            ["2025-01-01T00:01Z", "2025-01-01T00:15Z", "2025-01-01T00:16Z", "2025-01-01T00:30Z", "2025-01-01T01:00Z", "2025-01-01T01:01Z"],
            Sequence("1,15-16,*/30 * * * *", "2025-01-01T00:00Z", TimeZoneInfo.Utc, 6));
    }

    [Fact]
    public void TryParse_PaddedText_KeepsTrimmedTextAndToString()
    {
        var cron = Parse("  */5\t1 * *  *  ");

        Assert.Equal("*/5\t1 * *  *", cron.Text);
        Assert.Equal(cron.Text, cron.ToString());
    }

    [Fact]
    public void GetNextOccurrence_MonthNamesAnyCase_MatchNumbers()
    {
        Assert.Equal(
            ["2025-07-01T00:00Z", "2026-01-01T00:00Z", "2026-07-01T00:00Z"],
            Sequence("0 0 1 jan,Jul *", "2025-01-01T00:00Z", TimeZoneInfo.Utc, 3));
        Assert.Equal(At("2025-02-01T00:00Z"), Parse("0 0 1 FEB-mar *").GetNextOccurrence(At("2025-01-05T00:00Z"), TimeZoneInfo.Utc));
    }

    [Fact]
    public void GetNextOccurrence_DayNameRange_SkipsTheWeekend()
    {
        // 2025-01-04 is a Saturday.
        Assert.Equal(
            ["2025-01-06T12:00Z", "2025-01-07T12:00Z"],
            Sequence("0 12 * * mon-FRI", "2025-01-04T00:00Z", TimeZoneInfo.Utc, 2));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("SUN")]
    [InlineData("sun")]
    [InlineData("5-7")]
    public void GetNextOccurrence_SundayWrittenAnyWay_FiresOnSunday(string dayOfWeek)
    {
        var next = Parse($"0 0 * * {dayOfWeek}").GetNextOccurrence(At("2025-01-06T00:00Z"), TimeZoneInfo.Utc);

        Assert.NotNull(next);
        Assert.Equal(dayOfWeek == "5-7" ? DayOfWeek.Friday : DayOfWeek.Sunday, next.Value.DayOfWeek);
    }

    [Theory]
    [InlineData("@yearly", "2026-01-01T00:00Z")]
    [InlineData("@annually", "2026-01-01T00:00Z")]
    [InlineData("@monthly", "2025-02-01T00:00Z")]
    [InlineData("@weekly", "2025-01-19T00:00Z")]
    [InlineData("@daily", "2025-01-16T00:00Z")]
    [InlineData("@midnight", "2025-01-16T00:00Z")]
    [InlineData("@hourly", "2025-01-15T11:00Z")]
    [InlineData("@Daily", "2025-01-16T00:00Z")]
    public void GetNextOccurrence_Macro_ExpandsToClassicMeaning(string macro, string expected)
    {
        var cron = Parse(macro);

        Assert.Equal(macro, cron.Text);
        Assert.Equal(At(expected), cron.GetNextOccurrence(At("2025-01-15T10:20Z"), TimeZoneInfo.Utc));
    }

    // ---- days ----

    [Fact]
    public void GetNextOccurrence_BothDayFieldsRestricted_MatchesEither()
    {
        // The 13th OR any Friday (Vixie OR rule).
        Assert.Equal(
            ["2025-01-03T00:00Z", "2025-01-10T00:00Z", "2025-01-13T00:00Z", "2025-01-17T00:00Z"],
            Sequence("0 0 13 * FRI", "2025-01-01T00:00Z", TimeZoneInfo.Utc, 4));
    }

    [Fact]
    public void GetNextOccurrence_DayOfMonthStartsWithStar_MatchesBoth()
    {
        // "*/2" starts with '*', so this is odd days AND Fridays.
        Assert.Equal(
            ["2025-01-03T00:00Z", "2025-01-17T00:00Z", "2025-01-31T00:00Z"],
            Sequence("0 0 */2 * FRI", "2025-01-01T00:00Z", TimeZoneInfo.Utc, 3));
        Assert.Equal(
            ["2025-01-13T00:00Z", "2025-02-13T00:00Z"],
            Sequence("0 0 13 * *", "2025-01-01T00:00Z", TimeZoneInfo.Utc, 2));
    }

    [Theory]
    [InlineData("2025-03-01T00:00Z", "2028-02-29T00:00Z")]
    [InlineData("2028-02-29T00:00Z", "2032-02-29T00:00Z")]
    [InlineData("2097-03-01T00:00Z", "2104-02-29T00:00Z")]
    public void GetNextOccurrence_February29_FindsNextLeapDay(string after, string expected)
    {
        Assert.Equal(At(expected), Parse("0 0 29 2 *").GetNextOccurrence(At(after), TimeZoneInfo.Utc));
    }

    [Fact]
    public void GetNextOccurrence_February29_AnswersQuickly()
    {
        var cron = Parse("0 0 29 2 *");
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
            Assert.NotNull(cron.GetNextOccurrence(At("2025-03-01T00:00Z").AddDays(i), Berlin));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"2000 look-ups took {stopwatch.Elapsed}");
    }

    [Fact]
    public void GetNextOccurrence_Day31_SkipsShortMonths()
    {
        Assert.Equal(
            ["2025-03-31T00:00Z", "2025-05-31T00:00Z", "2025-07-31T00:00Z", "2025-08-31T00:00Z"],
            Sequence("0 0 31 * *", "2025-01-31T00:00Z", TimeZoneInfo.Utc, 4));
        Assert.Equal(
            ["2028-02-28T00:00Z", "2028-02-29T00:00Z", "2029-02-28T00:00Z"],
            Sequence("0 0 28-31 FEB *", "2027-03-01T00:00Z", TimeZoneInfo.Utc, 3));
    }

    [Fact]
    public void GetNextOccurrence_NoMatchWithinSearchWindow_ReturnsNull()
    {
        // "*/7" starts with '*' (AND rule) and means Sunday: Feb 29 on a Sunday is 2032, beyond the 8-year window.
        Assert.Null(Parse("0 0 29 2 */7").GetNextOccurrence(At("2021-01-01T00:00Z"), TimeZoneInfo.Utc));
        Assert.Null(Parse("* * * * *").GetNextOccurrence(DateTimeOffset.MaxValue, TimeZoneInfo.Utc));
    }

    // ---- errors ----

    [Theory]
    [InlineData("61 * * * *", "minute field: 61 is out of range 0-59")]
    [InlineData("* 24 * * *", "hour field: 24 is out of range 0-23")]
    [InlineData("* * 0 * *", "day-of-month field: 0 is out of range 1-31")]
    [InlineData("* * * 13 *", "month field: 13 is out of range 1-12")]
    [InlineData("* * * * 8", "day-of-week field: 8 is out of range 0-7")]
    [InlineData("99999999999999999999 * * * *", "minute field: 99999999999999999999 is out of range 0-59")]
    [InlineData("* * * * * *", "expected 5 fields, got 6")]
    [InlineData("* * * *", "expected 5 fields, got 4")]
    [InlineData("", "expression is empty")]
    [InlineData(" \t\n ", "expression is empty")]
    [InlineData("* * * * FUNDAY", "day-of-week field: 'FUNDAY' is not a day name")]
    [InlineData("* * * * JAN", "day-of-week field: 'JAN' is not a day name")]
    [InlineData("* * * FOO *", "month field: 'FOO' is not a month name")]
    [InlineData("abc * * * *", "minute field: 'abc' is not a number")]
    [InlineData("* MON * * *", "hour field: 'MON' is not a number")]
    [InlineData("\u0663 * * * *", "minute field: '\u0663' is not a number")]
    [InlineData("*/0 * * * *", "minute field: step must be at least 1")]
    [InlineData("* * * */0 *", "month field: step must be at least 1")]
    [InlineData("*/x * * * *", "minute field: 'x' is not a valid step")]
    [InlineData("5-1 * * * *", "minute field: range 5-1 is backwards")]
    [InlineData("* * * * SAT-SUN", "day-of-week field: range SAT-SUN is backwards")]
    [InlineData("1,,2 * * * *", "minute field: empty list item")]
    [InlineData("-5 * * * *", "minute field: a number is missing")]
    [InlineData("0 0 30 2 *", "day-of-month field: day 30 never occurs in the selected months")]
    [InlineData("@reboot", "unknown macro '@reboot'")]
    [InlineData("@daily 5", "@daily must stand alone")]
    public void TryParse_InvalidExpression_ReturnsFalseWithFieldMessage(string text, string message)
    {
        Assert.False(CronExpression.TryParse(text, out var expression, out var error));
        Assert.Null(expression);
        Assert.Equal(message, error);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(CronExpression.TryParse(null!, out var expression, out var error));
        Assert.Null(expression);
        Assert.Equal("expression is empty", error);
    }

    [Fact]
    public void TryParse_RandomJunk_NeverThrows()
    {
        const string Alphabet = "0123456789 */-,@*LW#?xMONJAFEBSUN\t\u00e9\u0663\uFF11\u2028\0";
        var rng = new Random(20250101);
        var accepted = 0;
        for (var i = 0; i < 20000; i++)
        {
            var chars = new char[rng.Next(0, 30)];
            for (var j = 0; j < chars.Length; j++)
                chars[j] = Alphabet[rng.Next(Alphabet.Length)];
            var text = rng.Next(10) == 0 ? "* * * * " + new string(chars) : new string(chars);

            var ok = CronExpression.TryParse(text, out var expression, out var error);

            Assert.Equal(ok, expression is not null);
            Assert.Equal(ok, error is null);
            if (ok)
            {
                accepted++;
                _ = expression!.GetNextOccurrence(At("2025-01-01T00:00Z"), NewYork);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }
        Assert.True(accepted > 0, "the junk generator should hit some valid expressions too");
    }

    // ---- time zones and DST ----

    [Fact]
    public void GetNextOccurrence_HalfHourOffsetZone_UsesLocalWallClock()
    {
        Assert.Equal(At("2025-06-01T03:30Z"), Parse("0 9 * * *").GetNextOccurrence(At("2025-06-01T00:00Z"), Kolkata));
        Assert.Equal(At("2025-06-01T18:30Z"), Parse("0 0 * * *").GetNextOccurrence(At("2025-06-01T00:00Z"), Kolkata));
        // 00:00Z is 05:30 IST; the next hh:30 strictly after it is 06:30 IST.
        Assert.Equal(At("2025-06-01T01:00Z"), Parse("30 * * * *").GetNextOccurrence(At("2025-06-01T00:00Z"), Kolkata));
    }

    [Fact]
    public void GetNextOccurrence_NewYorkGapFixedHour_FiresOnceAtThree()
    {
        // 2025-03-09: 02:00 EST (07:00Z) jumps to 03:00 EDT. 02:30 does not exist, so it fires at 03:00 EDT.
        Assert.Equal(
            ["2025-03-09T07:00Z", "2025-03-10T06:30Z"],
            Sequence("30 2 * * *", "2025-03-08T12:00Z", NewYork, 2));
        Assert.Equal(
            ["2025-03-09T07:00Z", "2025-03-10T06:00Z"],
            Sequence("0,30 2 * * *", "2025-03-09T06:59Z", NewYork, 2));
    }

    [Fact]
    public void GetNextOccurrence_NewYorkGapStarHour_SkipsMissingHour()
    {
        Assert.Equal(
            ["2025-03-09T06:30Z", "2025-03-09T07:30Z"], // 01:30 EST, then 03:30 EDT
            Sequence("30 * * * *", "2025-03-09T05:45Z", NewYork, 2));
        Assert.Equal(
            ["2025-03-09T06:45Z", "2025-03-09T07:00Z", "2025-03-09T07:15Z"], // 01:45 EST, 03:00 EDT, 03:15 EDT
            Sequence("*/15 * * * *", "2025-03-09T06:30Z", NewYork, 3));
    }

    [Fact]
    public void GetNextOccurrence_NewYorkOverlapFixedHour_FiresOnFirstPassOnly()
    {
        // 2025-11-02: 02:00 EDT (06:00Z) falls back to 01:00 EST. 01:30 EDT = 05:30Z, 01:30 EST = 06:30Z.
        Assert.Equal(
            ["2025-11-02T05:30Z", "2025-11-03T06:30Z"],
            Sequence("30 1 * * *", "2025-11-02T04:00Z", NewYork, 2));
        // Asked during the second pass, the first pass has already fired: tomorrow.
        Assert.Equal(At("2025-11-03T06:30Z"), Parse("30 1 * * *").GetNextOccurrence(At("2025-11-02T06:10Z"), NewYork));
    }

    [Fact]
    public void GetNextOccurrence_NewYorkOverlapStarHour_FiresOnBothPasses()
    {
        Assert.Equal(
            ["2025-11-02T05:00Z", "2025-11-02T06:00Z", "2025-11-02T07:00Z"], // 01:00 EDT, 01:00 EST, 02:00 EST
            Sequence("0 * * * *", "2025-11-02T04:30Z", NewYork, 3));
        Assert.Equal(
            ["2025-11-02T05:45Z", "2025-11-02T06:00Z", "2025-11-02T06:15Z"], // 01:45 EDT, 01:00 EST, 01:15 EST
            Sequence("*/15 * * * *", "2025-11-02T05:30Z", NewYork, 3));
    }

    [Fact]
    public void GetNextOccurrence_BerlinGapFixedHour_FiresOnceAtThree()
    {
        // 2025-03-30: 02:00 CET (01:00Z) jumps to 03:00 CEST.
        Assert.Equal(
            ["2025-03-29T01:30Z", "2025-03-30T01:00Z", "2025-03-31T00:30Z"],
            Sequence("30 2 * * *", "2025-03-28T12:00Z", Berlin, 3));
    }

    [Fact]
    public void GetNextOccurrence_BerlinGapStarHour_SkipsMissingHour()
    {
        Assert.Equal(
            ["2025-03-30T00:30Z", "2025-03-30T01:30Z"], // 01:30 CET, 03:30 CEST
            Sequence("30 * * * *", "2025-03-30T00:00Z", Berlin, 2));
        // A star minute makes it a wildcard job (Vixie): no catch-up at 03:00, the day is simply skipped.
        Assert.Equal(
            ["2025-03-29T01:30Z", "2025-03-31T00:00Z"],
            Sequence("*/30 2 * * *", "2025-03-29T01:00Z", Berlin, 2));
    }

    [Fact]
    public void GetNextOccurrence_BerlinOverlapFixedHour_FiresOnFirstPassOnly()
    {
        // 2025-10-26: 03:00 CEST (01:00Z) falls back to 02:00 CET. 02:30 CEST = 00:30Z, 02:30 CET = 01:30Z.
        Assert.Equal(
            ["2025-10-26T00:30Z", "2025-10-27T01:30Z"],
            Sequence("30 2 * * *", "2025-10-25T12:00Z", Berlin, 2));
    }

    [Fact]
    public void GetNextOccurrence_BerlinOverlapStarHour_FiresOnBothPasses()
    {
        Assert.Equal(
            ["2025-10-26T00:30Z", "2025-10-26T01:30Z", "2025-10-26T02:30Z"], // 02:30 CEST, 02:30 CET, 03:30 CET
            Sequence("30 * * * *", "2025-10-26T00:00Z", Berlin, 3));
        Assert.Equal(
            ["2025-10-26T00:30Z", "2025-10-26T01:00Z", "2025-10-26T01:30Z", "2025-10-27T01:00Z"],
            Sequence("*/30 2 * * *", "2025-10-26T00:00Z", Berlin, 4));
    }

    [Fact]
    public void GetNextOccurrence_SamoaSkippedDay_FixedTimeFiresAtFirstInstantAfterIt()
    {
        // Pacific/Apia skipped 2011-12-30 entirely: 23:59 -10:00 on the 29th was followed by 00:00 +14:00 on the 31st (10:00Z).
        var apia = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Apia");

        Assert.Equal(["2011-12-30T10:00Z", "2011-12-30T19:00Z"], Sequence("0 9 * * *", "2011-12-30T05:18Z", apia, 2));
        Assert.Equal(["2011-12-30T10:00Z", "2011-12-30T11:00Z"], Sequence("0 * * * *", "2011-12-30T09:30Z", apia, 2));
    }

    // ---- properties ----

    [Fact]
    public void GetNextOccurrence_RandomExpressionsInUtc_MatchBruteForce()
    {
        var rng = new Random(42);
        var checkedCount = 0;
        for (var i = 0; i < 3000; i++)
        {
            var spec = RandomSpec(rng, hourLow: 0, hourHigh: 23);
            if (!CronExpression.TryParse(spec.Text, out var cron, out var error))
            {
                Assert.StartsWith("day-of-month field:", error); // an impossible day such as "30 FEB"
                continue;
            }
            var after = At("2024-01-01T00:00Z").AddMinutes(rng.Next(0, 3 * 525600)).AddSeconds(rng.Next(0, 60));
            var first = new DateTimeOffset(after.Ticks - after.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
            DateTimeOffset? expected = null;
            for (var t = first; t < first.AddDays(4) && expected is null; t = t.AddMinutes(1))
            {
                if (spec.Matches(t.DateTime))
                    expected = t;
            }

            var actual = cron!.GetNextOccurrence(after, TimeZoneInfo.Utc);

            if (expected is not null)
                Assert.True(expected == actual, $"{spec.Text} after {after:O}: expected {expected:O}, got {actual:O}");
            else
                Assert.True(actual is null || actual >= first.AddDays(4), $"{spec.Text} after {after:O}: got {actual:O}");
            checkedCount += expected is null ? 0 : 1;
        }
        Assert.True(checkedCount > 1000, $"only {checkedCount} expressions fired within the window");
    }

    [Fact]
    public void GetNextOccurrence_RandomExpressionsAroundTransitions_MatchMinuteByMinuteRule()
    {
        // Reference: walk real instants and apply the documented rule literally.
        (TimeZoneInfo Zone, string Transition)[] transitions =
        [
            (NewYork, "2025-03-09T07:00Z"), (NewYork, "2025-11-02T06:00Z"),
            (Berlin, "2025-03-30T01:00Z"), (Berlin, "2025-10-26T01:00Z"),
            (LordHowe, "2025-04-05T15:00Z"), (LordHowe, "2025-10-04T15:30Z"), // 30-minute DST shift
        ];
        var rng = new Random(7);
        for (var i = 0; i < 1500; i++)
        {
            var (zone, transition) = transitions[rng.Next(transitions.Length)];
            var spec = RandomSpec(rng, hourLow: 0, hourHigh: 4, monthAndDaysStar: true);
            var cron = Parse(spec.Text);
            var after = At(transition).AddMinutes(rng.Next(-36 * 60, 12 * 60)).AddSeconds(rng.Next(0, 60));
            var first = new DateTimeOffset(after.Ticks - after.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);
            DateTimeOffset? expected = null;
            for (var t = first; t < first.AddDays(3) && expected is null; t = t.AddMinutes(1))
            {
                if (ReferenceOccurs(spec, zone, t))
                    expected = t;
            }

            var actual = cron.GetNextOccurrence(after, zone);

            if (expected is not null)
                Assert.True(expected == actual, $"{spec.Text} in {zone.Id} after {after:O}: expected {expected:O}, got {actual:O}");
            else
                Assert.True(actual is null || actual >= first.AddDays(3), $"{spec.Text} in {zone.Id} after {after:O}: got {actual:O}");
        }
    }

    private static bool ReferenceOccurs(Spec spec, TimeZoneInfo zone, DateTimeOffset instant)
    {
        var wall = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var wildcard = spec.Text.Split(' ')[0].StartsWith('*') || spec.Text.Split(' ')[1].StartsWith('*');
        if (spec.Matches(wall))
        {
            // Fixed-time jobs fire on the first pass only: skip if this wall time was already seen in the last three hours.
            // (Brute force on purpose: TimeZoneInfo.IsAmbiguousTime misses some historical transitions, e.g. Casablanca 2010.)
            return wildcard || !Enumerable.Range(1, 180).Any(m => TimeZoneInfo.ConvertTime(instant.AddMinutes(-m), zone).DateTime == wall);
        }
        var previous = TimeZoneInfo.ConvertTime(instant.AddMinutes(-1), zone).DateTime;
        for (var skipped = previous.AddMinutes(1); !wildcard && skipped < wall; skipped = skipped.AddMinutes(1))
        {
            if (spec.Matches(skipped))
                return true;
        }
        return false;
    }

    // ---- helpers ----

    private sealed record Spec(string Text, bool[] Minutes, bool[] Hours, bool[] Days, bool[] Months, bool[] Weekdays)
    {
        public bool Matches(DateTime wall)
        {
            var dom = Days[wall.Day];
            var dow = Weekdays[(int)wall.DayOfWeek] || (wall.DayOfWeek == DayOfWeek.Sunday && Weekdays[7]);
            var fields = Text.Split(' ');
            var dayOk = fields[2].StartsWith('*') || fields[4].StartsWith('*') ? dom && dow : dom || dow;
            return Minutes[wall.Minute] && Hours[wall.Hour] && Months[wall.Month] && dayOk;
        }
    }

    private static Spec RandomSpec(Random rng, int hourLow, int hourHigh, bool monthAndDaysStar = false)
    {
        var (minuteText, minutes) = RandomField(rng, 0, 59, 0, 59, null, starChance: 0.3);
        var (hourText, hours) = RandomField(rng, 0, 23, hourLow, hourHigh, null, starChance: 0.3);
        var (dayText, days) = RandomField(rng, 1, 31, 1, 31, null, starChance: monthAndDaysStar ? 1 : 0.6);
        var (monthText, months) = RandomField(rng, 1, 12, 1, 12, MonthNames, starChance: monthAndDaysStar ? 1 : 0.7);
        var (weekdayText, weekdays) = RandomField(rng, 0, 7, 0, 7, DayNames, starChance: monthAndDaysStar ? 1 : 0.6);
        return new Spec($"{minuteText} {hourText} {dayText} {monthText} {weekdayText}", minutes, hours, days, months, weekdays);
    }

    // A random field text plus the set it stands for, computed independently of the parser.
    private static (string Text, bool[] Allowed) RandomField(Random rng, int min, int max, int low, int high, string[]? names, double starChance)
    {
        var allowed = new bool[max + 1];
        void Mark(int from, int to, int step)
        {
            for (var v = from; v <= to; v += step)
                allowed[v] = true;
        }
        string Show(int value)
        {
            var nameIndex = names == MonthNames ? value - 1 : value;
            if (names is null || nameIndex >= names.Length || rng.Next(3) != 0)
                return value.ToString(CultureInfo.InvariantCulture);
            return rng.Next(2) == 0 ? names[nameIndex] : names[nameIndex].ToLowerInvariant();
        }
        if (rng.NextDouble() < starChance)
        {
            Mark(min, max, 1);
            return ("*", allowed);
        }
        var items = new List<string>();
        for (var n = rng.Next(1, 4); n > 0; n--)
        {
            int a = rng.Next(low, high + 1), b = rng.Next(a, high + 1), step = rng.Next(1, 8);
            switch (rng.Next(5))
            {
                case 0: Mark(a, a, 1); items.Add(Show(a)); break;
                case 1: Mark(a, b, 1); items.Add($"{Show(a)}-{Show(b)}"); break;
                case 2: Mark(a, b, step); items.Add($"{Show(a)}-{Show(b)}/{step}"); break;
                case 3: Mark(a, max, step); items.Add($"{Show(a)}/{step}"); break;
                default: Mark(min, max, step); items.Add($"*/{step}"); break;
            }
        }
        return (string.Join(',', items), allowed);
    }

    private static CronExpression Parse(string text)
    {
        Assert.True(CronExpression.TryParse(text, out var cron, out var error), error);
        Assert.NotNull(cron);
        return cron;
    }

    private static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    private static string[] Sequence(string expression, string after, TimeZoneInfo zone, int count)
    {
        var cron = Parse(expression);
        var results = new string[count];
        var current = At(after);
        for (var i = 0; i < count; i++)
        {
            var next = cron.GetNextOccurrence(current, zone);
            Assert.NotNull(next);
            Assert.Equal(TimeSpan.Zero, next.Value.Offset);
            results[i] = next.Value.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
            current = next.Value;
        }
        return results;
    }
}
