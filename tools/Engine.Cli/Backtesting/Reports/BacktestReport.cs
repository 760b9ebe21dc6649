namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// A backtest's report: the figures for the whole run and per instrument, the closed round trips and the equity
/// curve, computed from a <see cref="ReportInput"/> by a pure, deterministic function (the same input gives the same
/// numbers, and <see cref="ReportWriter"/> the same bytes). Immutable.
/// </summary>
public sealed record BacktestReport(
    ReportMetrics Run,
    IReadOnlyDictionary<string, ReportMetrics> Instruments,
    IReadOnlyList<RoundTrip> RoundTrips,
    IReadOnlyList<EquitySample> Equity,
    long SampleIntervalNanos,
    double AnnualRiskFreeRate)
{
    /// <summary>How the fills were simulated (<see cref="ReportInput.FillModel"/>); null for a report not made by a simulation.</summary>
    public string? FillModel { get; init; }

    /// <summary>Some fills followed the OHLC rules of bar-only data (<see cref="ReportInput.BarFills"/>).</summary>
    public bool BarFills { get; init; }

    public static BacktestReport Compute(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        ReportFill[] fills = [.. input.Fills.OrderBy(fill => fill.TimeNanos)];
        IReadOnlyList<RoundTrip> roundTrips = RoundTripBuilder.Build(fills);
        IReadOnlyList<EquitySample> equity = input.Equity;
        decimal averageEquity = 0;
        foreach (EquitySample sample in equity)
        {
            averageEquity += sample.Equity;
        }

        averageEquity /= equity.Count;

        decimal[] runCurve = [.. equity.Select(sample => sample.Equity)];
        long orders = input.Orders.Values.Sum();
        ReportMetrics run = Metrics(input, runCurve, fills, input.Funding, roundTrips, orders, averageEquity);

        var instruments = new SortedDictionary<string, ReportMetrics>(StringComparer.Ordinal);
        foreach (string instrument in input.InstrumentPnl.Keys.Union(input.Orders.Keys).Order(StringComparer.Ordinal))
        {
            IReadOnlyList<decimal>? pnl = input.InstrumentPnl.GetValueOrDefault(instrument);
            decimal[] curve = [.. Enumerable.Range(0, equity.Count).Select(i => input.InitialCapital + (pnl is null ? 0 : pnl[i]))];
            instruments[instrument] = Metrics(
                input,
                curve,
                [.. fills.Where(fill => fill.Instrument == instrument)],
                [.. input.Funding.Where(payment => payment.Instrument == instrument)],
                [.. roundTrips.Where(trip => trip.Instrument == instrument)],
                input.Orders.GetValueOrDefault(instrument),
                averageEquity);
        }

        return new BacktestReport(run, instruments, roundTrips, equity, input.SampleIntervalNanos, input.AnnualRiskFreeRate)
        {
            FillModel = input.FillModel,
            BarFills = input.BarFills,
        };
    }

    /// <summary>
    /// Compound annual growth over the span: (last / first)^(1 / years) − 1 with years = span / 365 days; −1 when the
    /// curve ends at or below zero; null for a zero span.
    /// </summary>
    public static double? AnnualisedReturn(decimal first, decimal last, long spanNanos)
    {
        if (spanNanos <= 0 || first <= 0)
        {
            return null;
        }

        if (last <= 0)
        {
            return -1;
        }

        double years = (double)spanNanos / ReportSampling.NanosPerYear;
        double growth = Math.Pow((double)(last / first), 1 / years) - 1;
        return double.IsFinite(growth) ? growth : null;
    }

    private static ReportMetrics Metrics(
        ReportInput input,
        decimal[] curve,
        IReadOnlyList<ReportFill> fills,
        IReadOnlyList<FundingPayment> funding,
        IReadOnlyList<RoundTrip> roundTrips,
        long orders,
        decimal averageEquity)
    {
        IReadOnlyList<EquitySample> samples = input.Equity;
        long start = samples[0].TimeNanos;
        long end = samples[^1].TimeNanos;
        ReturnStatistics statistics = ReturnStatistics.Compute(curve, input.SampleIntervalNanos, input.AnnualRiskFreeRate);
        Drawdown drawdown = Drawdown.Compute(samples, index => curve[index]);
        double? annualised = AnnualisedReturn(curve[0], curve[^1], end - start);

        int wins = 0;
        decimal grossProfit = 0;
        decimal grossLoss = 0;
        foreach (RoundTrip trip in roundTrips)
        {
            decimal net = trip.NetPnl;
            if (net > 0)
            {
                wins++;
                grossProfit += net;
            }
            else
            {
                grossLoss -= net;
            }
        }

        int makers = 0;
        decimal fees = 0;
        decimal notional = 0;
        foreach (ReportFill fill in fills)
        {
            makers += fill.IsMaker ? 1 : 0;
            fees += fill.Fee;
            notional += fill.Notional;
        }

        decimal fundingTotal = 0;
        foreach (FundingPayment payment in funding)
        {
            fundingTotal += payment.Amount;
        }

        return new ReportMetrics
        {
            TotalReturn = curve[0] > 0 ? (curve[^1] / curve[0]) - 1 : 0,
            Sharpe = statistics.Sharpe,
            Sortino = statistics.Sortino,
            Calmar = drawdown.MaxDrawdown > 0 && annualised is { } cagr ? cagr / (double)drawdown.MaxDrawdown : null,
            MaxDrawdown = drawdown.MaxDrawdown,
            MaxDrawdownDurationSeconds = drawdown.MaxDurationNanos / 1_000_000_000m,
            Volatility = statistics.Volatility,
            WinRate = roundTrips.Count > 0 ? (double)wins / roundTrips.Count : null,
            ProfitFactor = grossLoss > 0 ? grossProfit / grossLoss : null,
            RoundTrips = roundTrips.Count,
            Orders = orders,
            Fills = fills.Count,
            MakerShare = fills.Count > 0 ? (double)makers / fills.Count : null,
            Fees = fees,
            Funding = fundingTotal,
            Turnover = averageEquity > 0 ? notional / averageEquity : null,
            TurnoverNotional = notional,
            ExposureTime = Exposure.Fraction(fills, start, end),
            StateHash = input.StateHash,
        };
    }
}
