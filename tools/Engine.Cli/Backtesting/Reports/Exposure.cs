namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// The fraction of a run's time during which a position was held: the time from the first to the last equity sample
/// during which at least one of the given fills' instruments had a non-zero position (the position being the sum of
/// the signed fill quantities so far; fills before the first sample count from it). Stateless.
/// </summary>
public static class Exposure
{
    /// <summary>The exposed fraction of [<paramref name="start"/>, <paramref name="end"/>]; null when the span is empty.</summary>
    public static double? Fraction(IEnumerable<ReportFill> fillsInTimeOrder, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(fillsInTimeOrder);
        if (end <= start)
        {
            return null;
        }

        var positions = new Dictionary<string, decimal>(StringComparer.Ordinal);
        int nonZero = 0;
        long exposed = 0;
        long last = start;
        foreach (ReportFill fill in fillsInTimeOrder)
        {
            long time = Math.Clamp(fill.TimeNanos, start, end);
            if (nonZero > 0)
            {
                exposed += time - last;
            }

            last = time;
            decimal before = positions.GetValueOrDefault(fill.Instrument);
            decimal after = before + fill.SignedQuantity;
            positions[fill.Instrument] = after;
            nonZero += (before == 0 ? 0 : -1) + (after == 0 ? 0 : 1);
        }

        if (nonZero > 0)
        {
            exposed += end - last;
        }

        return (double)exposed / (end - start);
    }
}
