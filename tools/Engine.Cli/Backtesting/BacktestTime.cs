using System.Globalization;

namespace Engine.Cli.Backtesting;

/// <summary>Reads <c>--from</c> and <c>--to</c>: an ISO-8601 UTC time (<c>2024-08-08T00:30:00Z</c>, <c>2024-08-08</c>, up to seven fraction digits) or nanoseconds since the Unix epoch.</summary>
public static class BacktestTime
{
    public static long? Parse(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long nanos))
        {
            return nanos;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time))
        {
            return (time - DateTime.UnixEpoch).Ticks * 100;
        }

        throw new UsageException($"{option} '{text}': not a time (an ISO-8601 UTC time such as 2024-08-08T00:30:00Z, or nanoseconds since the Unix epoch)");
    }
}
