using System.Numerics;

namespace Vigil.Core.Schedules;

/// <summary>A classic 5-field cron expression (Vixie cron semantics, as in healthchecks.io's cronsim), read in an IANA time zone.</summary>
/// <remarks>
/// Daylight-saving rules, as Vixie/Debian cron applies them (so a monitor expects the ping when cron actually runs the job):
/// <list type="bullet">
/// <item>Fixed-time expressions (neither the minute nor the hour field starts with '*', e.g. "30 2 * * *", "0 9-17 * * 1-5")
/// name wall-clock times. A wall time skipped by a spring-forward gap fires once, at the first instant after the gap
/// (02:30 fires at 03:00); a wall time repeated by a fall-back overlap fires once, on its first pass.</item>
/// <item>Wildcard expressions (the minute or hour field starts with '*', e.g. "*/15 * * * *", "0 * * * *", "0 */2 * * *")
/// follow elapsed time: they fire at every real instant whose local wall time matches, so the skipped hour is skipped
/// and the repeated hour fires on both passes.</item>
/// </list>
/// </remarks>
public sealed class CronExpression
{
    private static readonly string[] FieldNames = ["minute", "hour", "day-of-month", "month", "day-of-week"];
    private static readonly int[] Mins = [0, 0, 1, 1, 0];
    private static readonly int[] Maxs = [59, 23, 31, 12, 7];
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private static readonly int[] MaxDaysInMonth = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);
    // Longer than any DST shift in tzdb (2h at most): around a transition we fall back to a minute-by-minute walk this wide.
    private static readonly TimeSpan Window = TimeSpan.FromHours(3);
    // Eight years, so a plain Feb 29 is found even across a skipped leap century (2096 -> 2104).
    private const int SearchYears = 8;

    private readonly ulong _minutes;
    private readonly uint _hours;
    private readonly uint _days;      // bits 1-31
    private readonly ushort _months;  // bits 1-12
    private readonly byte _weekdays;  // bits 0-6, Sunday = 0
    private readonly bool _dayOr;     // both day fields restricted: Vixie matches either
    private readonly bool _wildcard;  // minute or hour starts with '*': follows real time across DST

    private CronExpression(string text, ulong[] bits, bool dayOr, bool wildcard)
    {
        Text = text;
        (_minutes, _hours, _days, _months) = (bits[0], (uint)bits[1], (uint)bits[2], (ushort)bits[3]);
        _weekdays = (byte)((bits[4] | bits[4] >> 7) & 0x7F); // 7 is Sunday too
        (_dayOr, _wildcard) = (dayOr, wildcard);
    }

    /// <summary>The expression as given (trimmed).</summary>
    public string Text { get; }

    public static bool TryParse(string text, out CronExpression? expression, out string? error)
    {
        expression = null;
        var trimmed = text?.Trim() ?? "";
        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            error = "expression is empty";
            return false;
        }
        if (fields[0].StartsWith('@'))
        {
            var expanded = fields[0].ToUpperInvariant() switch
            {
                "@YEARLY" or "@ANNUALLY" => "0 0 1 1 *",
                "@MONTHLY" => "0 0 1 * *",
                "@WEEKLY" => "0 0 * * 0",
                "@DAILY" or "@MIDNIGHT" => "0 0 * * *",
                "@HOURLY" => "0 * * * *",
                _ => null,
            };
            error = expanded is null ? $"unknown macro '{fields[0]}'" : fields.Length > 1 ? $"{fields[0]} must stand alone" : null;
            if (error is not null)
                return false;
            fields = expanded!.Split(' ');
        }
        if (fields.Length != 5)
        {
            error = $"expected 5 fields, got {fields.Length}";
            return false;
        }
        var bits = new ulong[5];
        for (var i = 0; i < 5; i++)
        {
            if (ParseField(i, fields[i], out bits[i]) is { } problem)
            {
                error = $"{FieldNames[i]} field: {problem}";
                return false;
            }
        }
        bool domStar = fields[2].StartsWith('*'), dowStar = fields[4].StartsWith('*');
        // With AND semantics a day-of-month no selected month has (e.g. "0 0 30 2 *") could never fire.
        if (!domStar && dowStar)
        {
            var firstDay = BitOperations.TrailingZeroCount(bits[2]);
            if (!Enumerable.Range(1, 12).Any(m => (bits[3] >> m & 1) != 0 && MaxDaysInMonth[m] >= firstDay))
            {
                error = $"day-of-month field: day {firstDay} never occurs in the selected months";
                return false;
            }
        }
        expression = new CronExpression(trimmed, bits, !domStar && !dowStar, fields[0].StartsWith('*') || fields[1].StartsWith('*'));
        error = null;
        return true;
    }

    // Parses one field ("*", "a", "a-b", "*/n", "a/n", "a-b/n", comma lists) into a bitset; returns the problem, or null.
    private static string? ParseField(int field, string text, out ulong bits)
    {
        bits = 0;
        int min = Mins[field], max = Maxs[field];
        foreach (var part in text.Split(','))
        {
            if (part.Length == 0)
                return "empty list item";
            var slash = part.IndexOf('/');
            var range = slash < 0 ? part : part[..slash];
            var step = 1;
            if (slash >= 0)
            {
                var stepText = part[(slash + 1)..];
                if (!TryNumber(stepText, out step))
                    return $"'{stepText}' is not a valid step";
                if (step < 1)
                    return "step must be at least 1";
            }
            int lo, hi;
            if (range == "*")
                (lo, hi) = (min, max);
            else if (range.IndexOf('-') is var dash and >= 0)
            {
                if (ParseValue(field, range[..dash], out lo) is { } badLow)
                    return badLow;
                if (ParseValue(field, range[(dash + 1)..], out hi) is { } badHigh)
                    return badHigh;
                if (hi < lo)
                    return $"range {range} is backwards";
            }
            else if (ParseValue(field, range, out lo) is { } bad)
                return bad;
            else
                hi = slash >= 0 ? max : lo; // "a/n" runs from a to the field's maximum
            for (long v = lo; v <= hi; v += step)
                bits |= 1UL << (int)v;
        }
        return null;
    }

    private static string? ParseValue(int field, string token, out int value)
    {
        if (token.Length == 0)
        {
            value = 0;
            return "a number is missing";
        }
        if (TryNumber(token, out value))
            return value >= Mins[field] && value <= Maxs[field] ? null : $"{token} is out of range {Mins[field]}-{Maxs[field]}";
        var names = field == 3 ? MonthNames : field == 4 ? DayNames : null;
        var index = names is null ? -1 : Array.FindIndex(names, n => n.Equals(token, StringComparison.OrdinalIgnoreCase));
        value = index + (field == 3 ? 1 : 0);
        return index >= 0 ? null : names is null ? $"'{token}' is not a number" : $"'{token}' is not a {(field == 3 ? "month" : "day")} name";
    }

    // ASCII digits only (no signs, no Unicode digits); anything too long to fit saturates, so it reads as out of range.
    private static bool TryNumber(string s, out int value)
    {
        value = 0;
        if (s.Length == 0 || !s.All(char.IsAsciiDigit))
            return false;
        value = s.Length > 9 ? int.MaxValue : int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/> (a whole minute, as a UTC offset), or null if there is none
    /// within eight years.
    /// </summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var utc = after.UtcDateTime;
        if (utc.Year > 9990)
            return null;
        if (utc.Year < 2)
            utc = new DateTime(2, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var s = new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute + TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        var end = s.AddYears(SearchYears);
        while (s <= end)
        {
            var off = Offset(zone, s);
            if (Offset(zone, s - Window) != off || Offset(zone, s + Window) != off)
            {
                // A transition is close: walk it minute by minute, which applies the DST rules literally.
                if (Scan(zone, s, s + Window) is { } near)
                    return near;
                s += Window + OneMinute;
                continue;
            }
            // Away from transitions wall time = instant + offset, so the next matching wall time gives the answer directly.
            if (NextWall(s + off, end.Year + 1) is not { } wall)
                return null;
            var x = wall - off;
            var xOff = Offset(zone, x);
            if (xOff != off)
                (x, xOff) = (wall - xOff, Offset(zone, wall - xOff)); // the offset changed on the way: re-anchor
            if (x >= s && x + xOff == wall && Offset(zone, x - Window) == xOff)
                return new DateTimeOffset(DateTime.SpecifyKind(x, DateTimeKind.Utc));
            // The candidate sits next to a transition (it may be skipped, repeated or moved): walk around it.
            var from = x - 2 * Window < s ? s : x - 2 * Window;
            var to = x + 2 * Window < s + Window ? s + Window : x + 2 * Window; // always make progress
            if (Scan(zone, from, to) is { } around)
                return around;
            s = to + OneMinute;
        }
        return null;
    }

    public override string ToString() => Text;

    private DateTimeOffset? Scan(TimeZoneInfo zone, DateTime from, DateTime to)
    {
        for (var y = from; y <= to; y += OneMinute)
        {
            if (IsOccurrence(zone, y))
                return new DateTimeOffset(DateTime.SpecifyKind(y, DateTimeKind.Utc));
        }
        return null;
    }

    // The rule itself, for one real instant y (whole minute, UTC).
    private bool IsOccurrence(TimeZoneInfo zone, DateTime y)
    {
        var off = Offset(zone, y);
        var wall = y + off;
        if (Matches(wall))
            return _wildcard || !IsSecondPass(zone, y, off);
        if (_wildcard)
            return false;
        // Fixed-time: y is the first instant after a gap that swallowed a matching wall time.
        var previous = y - OneMinute + Offset(zone, y - OneMinute);
        return wall - previous > OneMinute && NextWall(previous + OneMinute, wall.Year) is { } skipped && skipped < wall;
    }

    // True when y's wall time already happened once, shortly before, under a larger offset (a fall-back overlap).
    private static bool IsSecondPass(TimeZoneInfo zone, DateTime y, TimeSpan off)
    {
        var before = Offset(zone, y - Window);
        return before > off && Offset(zone, y - (before - off)) == before;
    }

    // tzdb's pre-1900 local mean times have seconds in their offsets; whole minutes keep wall times on the minute.
    private static TimeSpan Offset(TimeZoneInfo zone, DateTime utc)
    {
        var ticks = zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).Ticks;
        return new TimeSpan(ticks - ticks % TimeSpan.TicksPerMinute);
    }

    private bool Matches(DateTime wall) =>
        (_minutes >> wall.Minute & 1) != 0 && (_hours >> wall.Hour & 1) != 0 && (_months >> wall.Month & 1) != 0
        && DayMatches(wall.Year, wall.Month, wall.Day);

    private bool DayMatches(int year, int month, int day)
    {
        var dom = (_days >> day & 1) != 0;
        var dow = (_weekdays >> (int)new DateTime(year, month, day).DayOfWeek & 1) != 0;
        return _dayOr ? dom || dow : dom && dow;
    }

    // The first matching wall-clock time at or after `wall`, advancing month, then day, then hour, then minute.
    private DateTime? NextWall(DateTime wall, int lastYear)
    {
        int year = wall.Year, month = wall.Month, day = wall.Day, hour = wall.Hour, minute = wall.Minute;
        lastYear = Math.Min(lastYear, 9998);
        while (year <= lastYear)
        {
            if ((_months >> month & 1) == 0)
            {
                var next = NextBit(_months, month);
                (year, month) = next < 0 ? (year + 1, NextBit(_months, 1)) : (year, next);
                (day, hour, minute) = (1, 0, 0);
                continue;
            }
            if (!_dayOr && NextBit(_days, day) is var d && d != day)
                (day, hour, minute) = (d < 0 ? 32 : d, 0, 0); // AND rule: jump straight to the next selected day-of-month
            if (day > DateTime.DaysInMonth(year, month))
            {
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1);
                (day, hour, minute) = (1, 0, 0);
                continue;
            }
            var h = NextBit(_hours, hour);
            if (h < 0 || !DayMatches(year, month, day))
            {
                (day, hour, minute) = (day + 1, 0, 0);
                continue;
            }
            if (h != hour)
                (hour, minute) = (h, 0);
            if (NextBit(_minutes, minute) is var m && m >= 0)
                return new DateTime(year, month, day, hour, m, 0);
            (hour, minute) = (hour + 1, 0);
        }
        return null;
    }

    // The lowest set bit at position `from` or above, or -1.
    private static int NextBit(ulong bits, int from)
    {
        var rest = from >= 64 ? 0 : bits & (ulong.MaxValue << from);
        return rest == 0 ? -1 : BitOperations.TrailingZeroCount(rest);
    }
}
