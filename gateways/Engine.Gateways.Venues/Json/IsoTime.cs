namespace Engine.Gateways.Venues.Json;

/// <summary>
/// ISO-8601 UTC times as venues write them (Coinbase's <c>"2021-04-17T16:43:37.075687Z"</c>, Bybit v1's
/// <c>"2021-04-17T16:43:05.000Z"</c>) to nanoseconds since the Unix epoch, straight from the bytes: no string, no
/// <see cref="DateTime"/> parse (which allocates and rounds to 100 ns ticks).
/// </summary>
internal static class IsoTime
{
    /// <summary>
    /// Parses <c>YYYY-MM-DDTHH:MM:SS[.fraction]</c> then <c>Z</c>, <c>+HH:MM</c> or <c>-HH:MM</c> (a space is accepted
    /// for the <c>T</c>). Up to 9 fraction digits are kept, more are cut (finer than a nanosecond). Times from 1970 to
    /// 2262 (where nanoseconds fill a long); false for anything else, never a wrong time.
    /// </summary>
    public static bool TryParseNanos(ReadOnlySpan<byte> text, out long nanos)
    {
        nanos = 0;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':'
            || !TryDigits(text[..4], out int year) || !TryDigits(text.Slice(5, 2), out int month) || !TryDigits(text.Slice(8, 2), out int day)
            || !TryDigits(text.Slice(11, 2), out int hour) || !TryDigits(text.Slice(14, 2), out int minute) || !TryDigits(text.Slice(17, 2), out int second))
        {
            return false;
        }

        if (year < 1970 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;       // 60: a leap second, as the venue wrote it (counted as the next second's start)
        }

        int at = 19;
        long fraction = 0;
        if (text[at] == '.')
        {
            at++;
            int digits = 0;
            while (at < text.Length && (uint)(text[at] - '0') <= 9)
            {
                if (digits < 9)
                {
                    fraction = (fraction * 10) + (text[at] - '0');
                    digits++;
                }

                at++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 9; digits++)
            {
                fraction *= 10;
            }
        }

        long offsetSeconds;
        ReadOnlySpan<byte> zone = text[at..];
        if (zone.Length == 1 && zone[0] == 'Z')
        {
            offsetSeconds = 0;
        }
        else if (zone.Length == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':'
            && TryDigits(zone.Slice(1, 2), out int offsetHours) && TryDigits(zone.Slice(4, 2), out int offsetMinutes) && offsetHours <= 23 && offsetMinutes <= 59)
        {
            offsetSeconds = ((offsetHours * 60) + offsetMinutes) * 60L * (zone[0] == '+' ? 1 : -1);
        }
        else
        {
            return false;
        }

        long seconds = (DaysFromCivil(year, month, day) * 86_400L) + (hour * 3_600L) + (minute * 60L) + second - offsetSeconds;
        if (seconds < 0 || seconds >= (long.MaxValue / 1_000_000_000L) - 1)
        {
            return false;       // before the epoch, or past 2262 where nanoseconds no longer fit a long
        }

        nanos = (seconds * 1_000_000_000L) + fraction;
        return true;
    }

    /// <summary>Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).</summary>
    private static long DaysFromCivil(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        int era = year / 400;
        int yearOfEra = year - (era * 400);
        int dayOfYear = (((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5) + day - 1;
        int dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097L) + dayOfEra - 719_468;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (byte c in text)
        {
            if ((uint)(c - '0') > 9)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
