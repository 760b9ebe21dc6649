namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// The return-based figures of one equity curve: per-sample simple returns, their annualised volatility, Sharpe and
/// Sortino. Returns are computed in <c>decimal</c> (exact ratio of two equities) and become <c>double</c> for the
/// moments. A figure that is undefined (too few returns, a zero deviation, a non-positive equity) is null, never NaN
/// or infinity.
/// </summary>
public sealed record ReturnStatistics(double? Volatility, double? Sharpe, double? Sortino)
{
    /// <summary>
    /// Simple per-sample returns r_i = E_i / E_(i−1) − 1 for i = 1..n−1; null when an equity before the last sample is
    /// zero or negative (the account was ruined; a ratio to it means nothing).
    /// </summary>
    public static double[]? Returns(IReadOnlyList<decimal> equity)
    {
        ArgumentNullException.ThrowIfNull(equity);
        double[] returns = new double[Math.Max(0, equity.Count - 1)];
        for (int i = 1; i < equity.Count; i++)
        {
            if (equity[i - 1] <= 0)
            {
                return null;
            }

            returns[i - 1] = (double)((equity[i] / equity[i - 1]) - 1m);
        }

        return returns;
    }

    /// <summary>
    /// <list type="bullet">
    /// <item>volatility = sample standard deviation (n − 1) of the returns × √P, P = sample intervals per 365-day
    /// year; null with fewer than two returns.</item>
    /// <item>sharpe = (mean return − risk-free per sample) / that standard deviation × √P; null with fewer than two
    /// returns or a zero deviation.</item>
    /// <item>sortino = (mean return − risk-free per sample) / downside deviation × √P, the downside deviation being
    /// √(Σ min(0, r_i − rf)² / n) over all n returns; null without returns or with no return below the target.</item>
    /// </list>
    /// </summary>
    public static ReturnStatistics Compute(IReadOnlyList<decimal> equity, long sampleIntervalNanos, double annualRiskFreeRate)
    {
        double[]? returns = Returns(equity);
        if (returns is null || returns.Length == 0)
        {
            return new ReturnStatistics(null, null, null);
        }

        double periods = ReportSampling.PeriodsPerYear(sampleIntervalNanos);
        double annualiser = Math.Sqrt(periods);
        double riskFree = ReportSampling.RiskFreePerSample(annualRiskFreeRate, sampleIntervalNanos);
        double mean = 0;
        foreach (double r in returns)
        {
            mean += r;
        }

        mean /= returns.Length;
        double squares = 0;
        double downside = 0;
        foreach (double r in returns)
        {
            squares += (r - mean) * (r - mean);
            double shortfall = Math.Min(0, r - riskFree);
            downside += shortfall * shortfall;
        }

        double? volatility = null;
        double? sharpe = null;
        if (returns.Length >= 2)
        {
            double deviation = Math.Sqrt(squares / (returns.Length - 1));
            volatility = deviation * annualiser;
            sharpe = deviation > 0 ? (mean - riskFree) / deviation * annualiser : null;
        }

        double downsideDeviation = Math.Sqrt(downside / returns.Length);
        double? sortino = downsideDeviation > 0 ? (mean - riskFree) / downsideDeviation * annualiser : null;
        return new ReturnStatistics(Finite(volatility), Finite(sharpe), Finite(sortino));
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
