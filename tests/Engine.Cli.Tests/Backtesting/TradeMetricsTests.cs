using Engine.Cli.Backtesting.Reports;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>Round trips, winRate, profitFactor, makerShare, fees, funding, turnover, exposureTime, orders and fills by hand.</summary>
[TestFixture]
public sealed class TradeMetricsTests
{
    private const long M = ReportSeries.Minute;

    // Equity 1,000 for 11 one-minute samples (minutes 0..10); average equity 1,000.
    // BTC: minute 1 buy 1 @ 100 (fee 0.1, maker); minute 2 buy 1 @ 110 (fee 0.1) → long 2 @ 105;
    //      minute 3 sell 2 @ 120 (fee 0.2, maker, realised (120 − 105) × 2 = 30) → trip 1 long: net 30 − 0.4 = 29.6, 3 fills;
    //      minute 4 sell 1 @ 120 (fee 0.1) → short 1;
    //      minute 5 buy 3 @ 130 (fee 0.3, realised (120 − 130) × 1 = −10) flips: 1 closes (fee 0.1), 2 open long (fee 0.2);
    //               → trip 2 short: fees 0.1 + 0.1, net −10.2, 2 fills;
    //      minute 7 sell 2 @ 125 (fee 0.2, maker, realised (125 − 130) × 2 = −10) → trip 3 long: fees 0.4, net −10.4, 2 fills.
    // ETH: minute 6 buy 1 @ 10 (fee 0.01), still open at the end: no round trip.
    // winRate = 1 / 3; profitFactor = 29.6 / (10.2 + 10.4) = 1.4368932...
    // fills 7; maker 3 → makerShare 3 / 7; fees 0.1 + 0.1 + 0.2 + 0.1 + 0.3 + 0.2 + 0.01 = 1.01.
    // notional 100 + 110 + 240 + 120 + 390 + 250 + 10 = 1,220 → turnover 1,220 / 1,000 = 1.22 (BTC 1.21, ETH 0.01).
    // BTC position non-zero minutes 1..3 and 4..7 (the flip keeps it non-zero) = 2 + 3 = 5 of 10 → 0.5; ETH 6..10 = 0.4;
    // any position 1..3, 4..10 = 8 of 10 → 0.8.
    private static BacktestReport Trades()
    {
        ReportInput input = ReportSeries.Input(M, [.. Enumerable.Repeat(1_000m, 11)]) with
        {
            InstrumentPnl = ReportSeries.FlatPnl(11, "BTCUSDT", "ETHUSDT"),
            Fills =
            [
                ReportSeries.Fill(1 * M, "BTCUSDT", FillSide.Buy, 100m, 1m, 0.1m, maker: true),
                ReportSeries.Fill(2 * M, "BTCUSDT", FillSide.Buy, 110m, 1m, 0.1m),
                ReportSeries.Fill(3 * M, "BTCUSDT", FillSide.Sell, 120m, 2m, 0.2m, maker: true, realised: 30m),
                ReportSeries.Fill(4 * M, "BTCUSDT", FillSide.Sell, 120m, 1m, 0.1m),
                ReportSeries.Fill(5 * M, "BTCUSDT", FillSide.Buy, 130m, 3m, 0.3m, realised: -10m),
                ReportSeries.Fill(6 * M, "ETHUSDT", FillSide.Buy, 10m, 1m, 0.01m),
                ReportSeries.Fill(7 * M, "BTCUSDT", FillSide.Sell, 125m, 2m, 0.2m, maker: true, realised: -10m),
            ],
            Funding = [new FundingPayment(ReportSeries.Start + (8 * M), "BTCUSDT", -0.5m), new FundingPayment(ReportSeries.Start + (8 * M), "ETHUSDT", 0.25m)],
            Orders = new Dictionary<string, long> { ["BTCUSDT"] = 9, ["ETHUSDT"] = 2 },
        };
        return BacktestReport.Compute(input);
    }

    [Test]
    public void Round_trips_run_from_flat_to_flat_and_a_flip_closes_one_and_opens_the_next()
    {
        IReadOnlyList<RoundTrip> trips = Trades().RoundTrips;
        Assert.That(trips, Has.Count.EqualTo(3));
        Assert.That(trips[0], Is.EqualTo(new RoundTrip("BTCUSDT", FillSide.Buy, ReportSeries.Start + M, ReportSeries.Start + (3 * M), 2m, 105m, 120m, 3, 0.4m, 30m)));
        Assert.That(trips[1], Is.EqualTo(new RoundTrip("BTCUSDT", FillSide.Sell, ReportSeries.Start + (4 * M), ReportSeries.Start + (5 * M), 1m, 120m, 130m, 2, 0.2m, -10m)));
        Assert.That(trips[2], Is.EqualTo(new RoundTrip("BTCUSDT", FillSide.Buy, ReportSeries.Start + (5 * M), ReportSeries.Start + (7 * M), 2m, 130m, 125m, 2, 0.4m, -10m)));
        Assert.That(trips.Select(trip => trip.NetPnl), Is.EqualTo(new[] { 29.6m, -10.2m, -10.4m }));
    }

    [Test]
    public void Win_rate_and_profit_factor_count_closed_round_trips_net_of_fees()
    {
        BacktestReport report = Trades();
        Assert.That(report.Run.WinRate, Is.EqualTo(1d / 3));
        Assert.That(report.Run.ProfitFactor, Is.EqualTo(29.6m / 20.6m));
        Assert.That(report.Instruments["ETHUSDT"].WinRate, Is.Null, "an open position is no round trip");
    }

    [Test]
    public void Maker_share_is_maker_fills_over_fills_by_count()
    {
        BacktestReport report = Trades();
        Assert.That(report.Run.Fills, Is.EqualTo(7));
        Assert.That(report.Run.MakerShare, Is.EqualTo(3d / 7));
        Assert.That(report.Instruments["BTCUSDT"].MakerShare, Is.EqualTo(3d / 6));
        Assert.That(report.Instruments["ETHUSDT"].MakerShare, Is.EqualTo(0d));
    }

    [Test]
    public void Fees_funding_and_orders_are_sums_over_the_run_and_per_instrument()
    {
        BacktestReport report = Trades();
        Assert.That(report.Run.Fees, Is.EqualTo(1.01m));
        Assert.That(report.Instruments["ETHUSDT"].Fees, Is.EqualTo(0.01m));
        Assert.That(report.Run.Funding, Is.EqualTo(-0.25m));
        Assert.That(report.Instruments["BTCUSDT"].Funding, Is.EqualTo(-0.5m));
        Assert.That(report.Run.Orders, Is.EqualTo(11));
        Assert.That(report.Instruments["ETHUSDT"].Orders, Is.EqualTo(2));
    }

    [Test]
    public void Turnover_is_the_traded_notional_over_the_runs_average_equity()
    {
        BacktestReport report = Trades();
        Assert.That(report.Run.TurnoverNotional, Is.EqualTo(1_220m));
        Assert.That(report.Run.Turnover, Is.EqualTo(1.22m));
        Assert.That(report.Instruments["BTCUSDT"].Turnover, Is.EqualTo(1.21m));
        Assert.That(report.Instruments["ETHUSDT"].Turnover, Is.EqualTo(0.01m));
    }

    [Test]
    public void Exposure_time_is_the_fraction_of_the_run_with_a_non_zero_position()
    {
        BacktestReport report = Trades();
        Assert.That(report.Run.ExposureTime, Is.EqualTo(0.8).Within(1e-15));
        Assert.That(report.Instruments["BTCUSDT"].ExposureTime, Is.EqualTo(0.5).Within(1e-15));
        Assert.That(report.Instruments["ETHUSDT"].ExposureTime, Is.EqualTo(0.4).Within(1e-15));
    }
}
