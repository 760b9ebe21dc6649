using System.Text;
using Engine.Cli.Backtesting.Reports;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>The report's figures where they are undefined or degenerate: null (never NaN or infinity), or zero.</summary>
[TestFixture]
public sealed class ReportEdgeCaseTests
{
    private const long M = ReportSeries.Minute;

    [Test]
    public void A_run_without_trades_has_no_win_rate_profit_factor_or_maker_share_and_zero_fees_turnover_and_exposure()
    {
        ReportMetrics run = BacktestReport.Compute(ReportSeries.Input(M, 100m, 101m, 100.5m)).Run;
        Assert.That(run.Fills, Is.Zero);
        Assert.That(run.RoundTrips, Is.Zero);
        Assert.That(run.WinRate, Is.Null);
        Assert.That(run.ProfitFactor, Is.Null);
        Assert.That(run.MakerShare, Is.Null);
        Assert.That(run.Fees, Is.Zero);
        Assert.That(run.Turnover, Is.EqualTo(0m));
        Assert.That(run.ExposureTime, Is.EqualTo(0d));
    }

    [Test]
    public void A_flat_equity_has_zero_volatility_and_no_sharpe_sortino_or_calmar()
    {
        ReportMetrics run = BacktestReport.Compute(ReportSeries.Input(M, 100m, 100m, 100m, 100m)).Run;
        Assert.That(run.Volatility, Is.EqualTo(0d));
        Assert.That(run.Sharpe, Is.Null);
        Assert.That(run.Sortino, Is.Null);
        Assert.That(run.MaxDrawdown, Is.Zero);
        Assert.That(run.MaxDrawdownDurationSeconds, Is.Zero);
        Assert.That(run.Calmar, Is.Null);
        Assert.That(run.TotalReturn, Is.Zero);
    }

    [Test]
    public void A_single_sample_has_no_return_statistics_and_no_exposure()
    {
        ReportMetrics run = BacktestReport.Compute(ReportSeries.Input(M, 100m)).Run;
        Assert.That(run.TotalReturn, Is.Zero);
        Assert.That(run.Volatility, Is.Null);
        Assert.That(run.Sharpe, Is.Null);
        Assert.That(run.Sortino, Is.Null);
        Assert.That(run.Calmar, Is.Null);
        Assert.That(run.MaxDrawdown, Is.Zero);
        Assert.That(run.ExposureTime, Is.Null);
    }

    [Test]
    public void A_curve_that_never_falls_has_no_calmar_and_no_sortino()
    {
        // Returns 0.01 and 0.02: none below the zero target, so the downside deviation is 0.
        ReportMetrics run = BacktestReport.Compute(ReportSeries.Input(M, 100m, 101m, 103.02m)).Run;
        Assert.That(run.MaxDrawdown, Is.Zero);
        Assert.That(run.Calmar, Is.Null);
        Assert.That(run.Sortino, Is.Null);
        Assert.That(run.Sharpe, Is.Not.Null);
    }

    [Test]
    public void Losses_only_give_a_profit_factor_of_zero()
    {
        ReportInput input = ReportSeries.Input(M, 100m, 99m, 98m) with
        {
            InstrumentPnl = ReportSeries.FlatPnl(3, "BTCUSDT"),
            Fills =
            [
                ReportSeries.Fill(0, "BTCUSDT", FillSide.Buy, 10m, 1m),
                ReportSeries.Fill(M, "BTCUSDT", FillSide.Sell, 9m, 1m, realised: -1m),
            ],
        };
        ReportMetrics run = BacktestReport.Compute(input).Run;
        Assert.That(run.ProfitFactor, Is.EqualTo(0m));
        Assert.That(run.WinRate, Is.EqualTo(0d));
    }

    [Test]
    public void No_losing_round_trip_gives_no_profit_factor_and_a_win_rate_of_one()
    {
        ReportInput input = ReportSeries.Input(M, 100m, 101m, 102m) with
        {
            InstrumentPnl = ReportSeries.FlatPnl(3, "BTCUSDT"),
            Fills =
            [
                ReportSeries.Fill(0, "BTCUSDT", FillSide.Sell, 10m, 1m),
                ReportSeries.Fill(M, "BTCUSDT", FillSide.Buy, 9m, 1m, fee: 0.1m, realised: 1m),
            ],
        };
        ReportMetrics run = BacktestReport.Compute(input).Run;
        Assert.That(run.ProfitFactor, Is.Null);
        Assert.That(run.WinRate, Is.EqualTo(1d));
    }

    [Test]
    public void A_break_even_round_trip_after_fees_is_not_a_win()
    {
        ReportInput input = ReportSeries.Input(M, 100m, 100m) with
        {
            InstrumentPnl = ReportSeries.FlatPnl(2, "BTCUSDT"),
            Fills =
            [
                ReportSeries.Fill(0, "BTCUSDT", FillSide.Buy, 10m, 1m, fee: 0.5m),
                ReportSeries.Fill(M, "BTCUSDT", FillSide.Sell, 11m, 1m, fee: 0.5m, realised: 1m),
            ],
        };
        Assert.That(BacktestReport.Compute(input).Run.WinRate, Is.EqualTo(0d));
    }

    [Test]
    public void Undefined_figures_are_written_as_json_null()
    {
        using var stream = new MemoryStream();
        ReportJson.Write(BacktestReport.Compute(ReportSeries.Input(M, 100m)), stream);
        string json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.That(json, Does.Contain("\"sharpe\": null"));
        Assert.That(json, Does.Contain("\"profitFactor\": null"));
        Assert.That(json, Does.Not.Contain("NaN").And.Not.Contain("Infinity"));
    }

    [Test]
    public void Samples_off_the_interval_grid_are_refused_naming_the_sample()
    {
        ReportInput input = ReportSeries.Input(M, 100m, 100m, 100m) with
        {
            Equity = [new(ReportSeries.Start, 100m), new(ReportSeries.Start + 90_000_000_000, 100m), new(ReportSeries.Start + (3 * M), 100m)],
        };
        Assert.That(() => BacktestReport.Compute(input), Throws.ArgumentException.With.Message.Contains("equity sample 1"));
    }

    [Test]
    public void A_fill_on_an_instrument_without_a_pnl_series_is_refused()
    {
        ReportInput input = ReportSeries.Input(M, 100m, 100m) with { Fills = [ReportSeries.Fill(0, "BTCUSDT", FillSide.Buy, 10m, 1m)] };
        Assert.That(() => BacktestReport.Compute(input), Throws.ArgumentException.With.Message.Contains("BTCUSDT"));
    }
}
