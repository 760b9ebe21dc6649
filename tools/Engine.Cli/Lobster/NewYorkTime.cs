namespace Engine.Cli.Lobster;

/// <summary>
/// The offset of New York local time (US Eastern) from UTC on a trading day, by the US daylight-saving rules, so a
/// LOBSTER time after local midnight becomes a UTC time. Computed here rather than read from the host's time-zone
/// database so that an import gives the same journal on every machine (a host without tzdata, or with another
/// version of it, would otherwise change the journal). Rules: since 2007 daylight time runs from the second Sunday of
/// March to the first Sunday of November; 1987-2006 from the first Sunday of April to the last Sunday of October. The
/// switch happens at 02:00 local time, before any trading session, so a whole trading day has one offset.
/// Stateless.
/// </summary>
internal static class NewYorkTime
{
    public const string TimeZone = "America/New_York";

    private const long NanosPerHour = 3_600_000_000_000;

    /// <summary>UTC minus local time on <paramref name="day"/>, in ns: 5 h in standard time (EST), 4 h in daylight time (EDT).</summary>
    public static long UtcOffsetNanos(DateOnly day) => IsDaylightTime(day) ? 4 * NanosPerHour : 5 * NanosPerHour;

    public static bool IsDaylightTime(DateOnly day)
    {
        DateOnly start;
        DateOnly end;
        if (day.Year >= 2007)
        {
            start = NthSunday(day.Year, 3, 2);
            end = NthSunday(day.Year, 11, 1);
        }
        else
        {
            start = NthSunday(day.Year, 4, 1);
            end = LastSunday(day.Year, 10);
        }

        return day >= start && day < end;
    }

    private static DateOnly NthSunday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        int toSunday = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(toSunday + (7 * (n - 1)));
    }

    private static DateOnly LastSunday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
