namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// The figures of report.json for one scope (the whole run, or one instrument). Money and exact ratios of money are
/// <c>decimal</c>; statistics are <c>double</c>. Null means undefined for this run (see each figure), never NaN.
/// docs/BACKTEST-REPORTS.md says how each is computed. Immutable.
/// </summary>
public sealed record ReportMetrics
{
    /// <summary>Last equity / first equity − 1.</summary>
    public required decimal TotalReturn { get; init; }

    /// <summary>(mean per-sample return − per-sample risk-free rate) / sample stdev × √(samples per year); null with fewer than two returns or a zero stdev.</summary>
    public double? Sharpe { get; init; }

    /// <summary>(mean per-sample return − per-sample risk-free rate) / downside deviation × √(samples per year); null when no return is below the risk-free target.</summary>
    public double? Sortino { get; init; }

    /// <summary>Annualised return (CAGR over the run's span in 365-day years) / <see cref="MaxDrawdown"/>; null without a drawdown or with a zero span.</summary>
    public double? Calmar { get; init; }

    /// <summary>Largest fall from the running peak of equity as a positive fraction of that peak; 0 without a drawdown.</summary>
    public required decimal MaxDrawdown { get; init; }

    /// <summary>Longest time from a peak to its recovery (or to the end when never recovered), in seconds.</summary>
    public required decimal MaxDrawdownDurationSeconds { get; init; }

    /// <summary>Sample stdev (n − 1) of per-sample returns × √(samples per year); null with fewer than two returns.</summary>
    public double? Volatility { get; init; }

    /// <summary>Closed round trips with a positive net P&amp;L / closed round trips; null without a closed round trip.</summary>
    public double? WinRate { get; init; }

    /// <summary>Sum of the winning round trips' net P&amp;L / |sum of the losing ones'|; 0 with losses only, null without a losing round trip.</summary>
    public decimal? ProfitFactor { get; init; }

    /// <summary>Closed round trips (not a report.json key of the list; written as <c>roundTrips</c>).</summary>
    public required int RoundTrips { get; init; }

    /// <summary>Orders sent.</summary>
    public required long Orders { get; init; }

    /// <summary>Fills received.</summary>
    public required long Fills { get; init; }

    /// <summary>Maker fills / fills, by count; null without fills.</summary>
    public double? MakerShare { get; init; }

    /// <summary>Sum of the fills' fees (rebates negative), valuation currency.</summary>
    public required decimal Fees { get; init; }

    /// <summary>Sum of funding received (negative when paid), valuation currency.</summary>
    public required decimal Funding { get; init; }

    /// <summary>Traded notional / the run's average equity: how many times the average capital was traded; null when that average is not positive.</summary>
    public decimal? Turnover { get; init; }

    /// <summary>Sum of |price × quantity| over the fills, valuation currency (written as <c>turnoverNotional</c>).</summary>
    public required decimal TurnoverNotional { get; init; }

    /// <summary>Fraction of the run's time with a non-zero position; null when the run has no span.</summary>
    public double? ExposureTime { get; init; }

    /// <summary>The run's StateHash (hex), passed through; one engine state, so every instrument carries the run's.</summary>
    public required string StateHash { get; init; }
}
