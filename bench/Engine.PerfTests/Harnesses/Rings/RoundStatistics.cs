namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>Turns per-round measurements into the reported figures (median, as docs/PERFORMANCE.md prescribes).</summary>
public static class RoundStatistics
{
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no rounds were measured", nameof(values));
        }

        double[] sorted = [.. values];
        Array.Sort(sorted);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Events per second for <paramref name="events"/> moved in <paramref name="elapsedTicks"/> Stopwatch ticks.</summary>
    public static double PerSecond(long events, long elapsedTicks) =>
        events * (double)System.Diagnostics.Stopwatch.Frequency / elapsedTicks;

    /// <summary>The expected sum of 0..count-1.</summary>
    public static long SumOfFirst(long count) => count * (count - 1) / 2;
}
