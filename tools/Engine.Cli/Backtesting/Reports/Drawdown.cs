namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// The deepest fall of an equity curve from its running peak, and the longest time spent below a peak. Exact
/// (<c>decimal</c>) on the samples: a drawdown between two samples is not seen.
/// </summary>
/// <param name="MaxDrawdown">
/// max over samples of (running peak − equity) / running peak, a positive fraction (0.25 is a 25 % fall); 0 when the
/// curve never falls below its peak.
/// </param>
/// <param name="MaxDurationNanos">
/// The longest time from a peak (the last sample at which the running peak was reached) to the first later sample whose
/// equity is at least that peak again, or to the last sample when the peak is never recovered; 0 when never below a
/// peak.
/// </param>
public readonly record struct Drawdown(decimal MaxDrawdown, long MaxDurationNanos)
{
    public static Drawdown Compute(IReadOnlyList<EquitySample> equity) =>
        Compute(equity, index => equity[index].Equity);

    /// <summary>The drawdown of the curve <paramref name="equityAt"/> sampled at <paramref name="samples"/>' times.</summary>
    public static Drawdown Compute(IReadOnlyList<EquitySample> samples, Func<int, decimal> equityAt)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(equityAt);
        if (samples.Count == 0)
        {
            return default;
        }

        decimal peak = equityAt(0);
        long peakTime = samples[0].TimeNanos;
        decimal deepest = 0;
        long longest = 0;
        bool below = false;
        for (int i = 1; i < samples.Count; i++)
        {
            decimal equity = equityAt(i);
            if (equity >= peak)
            {
                // A new peak, or the old one recovered: the time below it ends here.
                if (below)
                {
                    longest = Math.Max(longest, samples[i].TimeNanos - peakTime);
                    below = false;
                }

                peak = equity;
                peakTime = samples[i].TimeNanos;
                continue;
            }

            below = true;
            if (peak > 0)
            {
                deepest = Math.Max(deepest, (peak - equity) / peak);
            }
        }

        // Still below the last peak at the end: the duration runs to the last sample.
        if (below)
        {
            longest = Math.Max(longest, samples[^1].TimeNanos - peakTime);
        }

        return new Drawdown(deepest, longest);
    }
}
