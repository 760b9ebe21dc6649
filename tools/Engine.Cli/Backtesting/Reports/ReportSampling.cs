namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// How equity is sampled and annualised. Crypto markets trade every day of the year, so a year is 365 days of
/// 24 hours (no 252-trading-day convention), and annualisation multiplies by the number of sample intervals in it.
/// </summary>
public static class ReportSampling
{
    /// <summary>Nanoseconds in one 365-day year.</summary>
    public const long NanosPerYear = 365L * 24 * 3_600 * 1_000_000_000;

    /// <summary>
    /// The recommended sample interval, one minute: a day gives 1,440 returns (enough for a stable standard
    /// deviation), finer sampling mostly adds the bid/ask bounce of the mark-to-market price to the volatility,
    /// coarser sampling hides intraday drawdowns, and a 30-day run's equity.csv stays at 43,200 rows.
    /// </summary>
    public const long DefaultSampleIntervalNanos = 60L * 1_000_000_000;

    /// <summary>Sample intervals in a 365-day year: the annualisation factor's square is this.</summary>
    public static double PeriodsPerYear(long sampleIntervalNanos) => (double)NanosPerYear / sampleIntervalNanos;

    /// <summary>
    /// The annual risk-free rate as a return per sample, compounded: (1 + annual)^(1 / periods per year) − 1, so
    /// that compounding it over a year gives the annual rate back.
    /// </summary>
    public static double RiskFreePerSample(double annualRate, long sampleIntervalNanos) =>
        annualRate == 0 ? 0 : Math.Pow(1 + annualRate, 1 / PeriodsPerYear(sampleIntervalNanos)) - 1;
}
