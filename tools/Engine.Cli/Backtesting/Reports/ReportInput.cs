namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// Everything the report is computed from; a backtest fills it in and <see cref="BacktestReport.Compute"/> turns it
/// into numbers. Immutable once built; <see cref="Validate"/> says what is wrong with an inconsistent one.
/// </summary>
public sealed record ReportInput
{
    /// <summary>
    /// The account's equity, one sample per <see cref="SampleIntervalNanos"/>, strictly increasing in time; the first
    /// sample is the run's start and the last its end (the last interval may be shorter, when the run ends between
    /// two sample times). At least one sample.
    /// </summary>
    public required IReadOnlyList<EquitySample> Equity { get; init; }

    /// <summary>
    /// Each instrument's cumulative P&amp;L (realised and unrealised, net of fees, with funding) at the same times as
    /// <see cref="Equity"/>, one value per equity sample. An instrument's own equity curve is
    /// <see cref="InitialCapital"/> plus this, which gives the per-instrument return metrics. Every instrument with a
    /// fill or a funding payment needs one.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<decimal>> InstrumentPnl { get; init; } = new Dictionary<string, IReadOnlyList<decimal>>();

    /// <summary>The interval between equity samples, nanoseconds; see <see cref="ReportSampling.DefaultSampleIntervalNanos"/>.</summary>
    public long SampleIntervalNanos { get; init; } = ReportSampling.DefaultSampleIntervalNanos;

    /// <summary>Annual risk-free rate as a fraction (0.05 is 5 %); 0 by default, as crypto backtests usually assume.</summary>
    public double AnnualRiskFreeRate { get; init; }

    /// <summary>The capital the account was funded with, in the valuation currency; positive.</summary>
    public required decimal InitialCapital { get; init; }

    /// <summary>Every fill of the run, in execution order (ties keep this order).</summary>
    public IReadOnlyList<ReportFill> Fills { get; init; } = [];

    /// <summary>Every funding payment of the run.</summary>
    public IReadOnlyList<FundingPayment> Funding { get; init; } = [];

    /// <summary>Orders sent per instrument (accepted by the engine's risk checks); the run's count is their sum.</summary>
    public IReadOnlyDictionary<string, long> Orders { get; init; } = new Dictionary<string, long>();

    /// <summary>Each instrument's mark price at the equity sample times (charts; the figures do not use it).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PriceSample>> Prices { get; init; } = new Dictionary<string, IReadOnlyList<PriceSample>>();

    /// <summary>Each instrument's position at the equity sample times (charts; the figures use the fills).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PositionSample>> Positions { get; init; } = new Dictionary<string, IReadOnlyList<PositionSample>>();

    /// <summary>How the fills were simulated (written to report.json as <c>fillModel</c> when set; docs/FILL-SIMULATION.md).</summary>
    public string? FillModel { get; init; }

    /// <summary>Some fills followed the OHLC rules of bar-only data, less realistic than book data (report.json's <c>barFills</c>).</summary>
    public bool BarFills { get; init; }

    /// <summary>The run's StateHash as the backtest prints it (hex), passed through to the report.</summary>
    public required string StateHash { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first inconsistency.</summary>
    public void Validate()
    {
        if (Equity is null || Equity.Count == 0)
        {
            throw new ArgumentException("the equity series has no sample; a report needs at least the run's start", nameof(Equity));
        }

        if (SampleIntervalNanos <= 0)
        {
            throw new ArgumentException($"the sample interval must be positive, got {SampleIntervalNanos} ns", nameof(SampleIntervalNanos));
        }

        if (InitialCapital <= 0)
        {
            throw new ArgumentException($"the initial capital must be positive, got {InitialCapital}", nameof(InitialCapital));
        }

        if (!double.IsFinite(AnnualRiskFreeRate) || AnnualRiskFreeRate <= -1)
        {
            throw new ArgumentException($"the annual risk-free rate must be a finite fraction above -1, got {AnnualRiskFreeRate}", nameof(AnnualRiskFreeRate));
        }

        if (Equity[0].Equity <= 0)
        {
            throw new ArgumentException($"the first equity sample must be positive, got {Equity[0].Equity}", nameof(Equity));
        }

        for (int i = 1; i < Equity.Count; i++)
        {
            long gap = Equity[i].TimeNanos - Equity[i - 1].TimeNanos;
            bool last = i == Equity.Count - 1;
            if (gap <= 0 || gap > SampleIntervalNanos || (!last && gap != SampleIntervalNanos))
            {
                throw new ArgumentException(
                    $"equity sample {i} is {gap} ns after the previous one; samples must be {SampleIntervalNanos} ns apart (the last one at most that)",
                    nameof(Equity));
            }
        }

        foreach ((string instrument, IReadOnlyList<decimal> pnl) in InstrumentPnl)
        {
            if (pnl.Count != Equity.Count)
            {
                throw new ArgumentException($"instrument {instrument}: {pnl.Count} P&L samples for {Equity.Count} equity samples", nameof(InstrumentPnl));
            }
        }

        for (int i = 0; i < Fills.Count; i++)
        {
            ReportFill fill = Fills[i];
            if (fill.Price <= 0 || fill.Quantity <= 0 || fill.Side is not (FillSide.Buy or FillSide.Sell))
            {
                throw new ArgumentException($"fill {i} ({fill.Instrument}): price and quantity must be positive and the side buy or sell", nameof(Fills));
            }

            if (!InstrumentPnl.ContainsKey(fill.Instrument))
            {
                throw new ArgumentException($"fill {i}: instrument {fill.Instrument} has no P&L series", nameof(InstrumentPnl));
            }
        }

        foreach (FundingPayment payment in Funding)
        {
            if (!InstrumentPnl.ContainsKey(payment.Instrument))
            {
                throw new ArgumentException($"funding: instrument {payment.Instrument} has no P&L series", nameof(InstrumentPnl));
            }
        }

        foreach ((string instrument, long count) in Orders)
        {
            if (count < 0)
            {
                throw new ArgumentException($"instrument {instrument}: negative order count {count}", nameof(Orders));
            }
        }
    }
}
