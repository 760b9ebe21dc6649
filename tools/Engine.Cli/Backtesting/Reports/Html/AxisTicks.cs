using System.Globalization;

namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>Round axis ticks: values on a 1-2-5 grid, and times on whole seconds, minutes, hours or days (UTC).</summary>
public static class AxisTicks
{
    private static readonly long[] s_timeSteps =
    [
        1_000_000_000L, 5_000_000_000L, 15_000_000_000L, 60_000_000_000L, 300_000_000_000L, 900_000_000_000L, 1_800_000_000_000L,
        3_600_000_000_000L, 4 * 3_600_000_000_000L, 12 * 3_600_000_000_000L, 86_400_000_000_000L, 7 * 86_400_000_000_000L,
        30 * 86_400_000_000_000L,
    ];

    /// <summary>About <paramref name="count"/> values covering [<paramref name="min"/>, <paramref name="max"/>] on a 1-2-5 grid.</summary>
    public static IReadOnlyList<double> Values(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            return [min];
        }

        double raw = (max - min) / count;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double normalised = raw / magnitude;
        double step = magnitude * (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10);
        var ticks = new List<double>();
        for (double tick = Math.Ceiling(min / step) * step; tick <= max + (step * 1e-9); tick += step)
        {
            ticks.Add(Math.Abs(tick) < step * 1e-9 ? 0 : tick);
        }

        return ticks;
    }

    /// <summary>About <paramref name="count"/> round times within [<paramref name="from"/>, <paramref name="to"/>] (ns since the epoch).</summary>
    public static IReadOnlyList<long> Times(long from, long to, int count = 6)
    {
        if (to <= from)
        {
            return [from];
        }

        long step = s_timeSteps.FirstOrDefault(s => (to - from) / s <= count, s_timeSteps[^1]);
        var ticks = new List<long>();
        for (long tick = ((from + step - 1) / step) * step; tick <= to; tick += step)
        {
            ticks.Add(tick);
        }

        return ticks;
    }

    /// <summary>A time label as short as the span needs: date for days, else hours and minutes (and seconds under a minute's step).</summary>
    public static string TimeLabel(long nanos, long spanNanos)
    {
        DateTime time = DateTime.UnixEpoch.AddTicks(nanos / 100);
        return spanNanos >= 3 * 86_400_000_000_000L ? time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : spanNanos >= 600_000_000_000L ? time.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)
            : time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A value label with as many decimals as the tick step needs (at most 6), invariant culture.</summary>
    public static string ValueLabel(double value, double step)
    {
        int decimals = step >= 1 || step <= 0 ? 0 : Math.Min(6, (int)Math.Ceiling(-Math.Log10(step)));
        return value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
