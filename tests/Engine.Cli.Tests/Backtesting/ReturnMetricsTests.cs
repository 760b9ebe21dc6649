using Engine.Cli.Backtesting.Reports;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>totalReturn, volatility, Sharpe, Sortino and Calmar against values computed by hand.</summary>
[TestFixture]
public sealed class ReturnMetricsTests
{
    // Daily samples (P = 365 per year, √P = 19.1049731745...): 100, 110, 99, 108.9.
    // Returns: 110/100 − 1 = 0.1; 99/110 − 1 = −0.1; 108.9/99 − 1 = 0.1. Mean = 0.1/3 = 0.0333...
    // Deviations from the mean: 0.0667, −0.1333, 0.0667; squares sum 0.02667; / (n − 1 = 2) = 0.01333; stdev = 0.1154700538.
    // volatility = 0.1154700538 × 19.1049731745 = 2.2060522810
    // sharpe     = 0.0333333333 / 0.1154700538 × 19.1049731745 = 5.5151307026
    // downside deviation = √((0² + (−0.1)² + 0²) / 3) = 0.0577350269; sortino = 0.0333333333 / 0.0577350269 × 19.1049731745 = 11.0302614052
    // totalReturn = 108.9 / 100 − 1 = 0.089; maxDrawdown = (110 − 99) / 110 = 0.1
    // CAGR over 3 days = 1.089^(365/3) − 1 = 31992.2753381978; calmar = 31992.2753381978 / 0.1 = 319922.753381978
    private static BacktestReport Daily(double riskFree = 0) =>
        BacktestReport.Compute(ReportSeries.Input(ReportSeries.Day, 100m, 110m, 99m, 108.9m) with { AnnualRiskFreeRate = riskFree });

    [Test]
    public void Total_return_is_the_last_equity_over_the_first_minus_one()
    {
        Assert.That(Daily().Run.TotalReturn, Is.EqualTo(0.089m));
    }

    [Test]
    public void Volatility_is_the_sample_stdev_of_per_sample_returns_annualised_over_365_days()
    {
        Assert.That(Daily().Run.Volatility, Is.EqualTo(2.2060522810365732).Within(1e-9));
    }

    [Test]
    public void Sharpe_is_the_mean_return_over_its_stdev_annualised()
    {
        Assert.That(Daily().Run.Sharpe, Is.EqualTo(5.515130702591435).Within(1e-9));
    }

    [Test]
    public void Sortino_divides_by_the_root_mean_square_of_the_shortfalls_over_all_samples()
    {
        Assert.That(Daily().Run.Sortino, Is.EqualTo(11.030261405182872).Within(1e-9));
    }

    [Test]
    public void Calmar_is_the_annualised_return_over_the_max_drawdown()
    {
        BacktestReport report = Daily();
        Assert.That(report.Run.MaxDrawdown, Is.EqualTo(0.1m));
        Assert.That(report.Run.Calmar, Is.EqualTo(319922.7533819776).Within(1e-9).Percent);
    }

    [Test]
    public void The_annual_risk_free_rate_is_compounded_down_to_one_sample()
    {
        // rf per sample = 1.05^(1/365) − 1 = 0.000133680617113496
        // sharpe  = (0.0333333333 − 0.0001336806) / 0.1154700538 × 19.1049731745 = 5.4930127203
        // sortino: shortfalls below rf: 0, −0.1 − rf, 0 → √((0.1001336806)² / 3) = 0.0578122; → 10.9713588604
        BacktestReport report = Daily(riskFree: 0.05);
        Assert.That(ReportSampling.RiskFreePerSample(0.05, ReportSeries.Day), Is.EqualTo(0.00013368061711349633).Within(1e-15));
        Assert.That(report.Run.Sharpe, Is.EqualTo(5.493012720317915).Within(1e-9));
        Assert.That(report.Run.Sortino, Is.EqualTo(10.971358860405505).Within(1e-9));
    }

    [Test]
    public void One_minute_samples_annualise_with_525600_periods_per_year()
    {
        Assert.That(ReportSampling.PeriodsPerYear(ReportSampling.DefaultSampleIntervalNanos), Is.EqualTo(525_600d));
    }

    [Test]
    public void Per_instrument_returns_are_those_of_the_initial_capital_plus_the_instruments_pnl()
    {
        // Capital 100; BTC P&L 0, 10, −1, 8.9 gives the instrument the curve 100, 110, 99, 108.9 of the run above;
        // ETH has a flat P&L: its curve is 100 throughout.
        ReportInput input = ReportSeries.Input(ReportSeries.Day, 100m, 110m, 99m, 108.9m) with
        {
            InstrumentPnl = new Dictionary<string, IReadOnlyList<decimal>>
            {
                ["BTCUSDT"] = [0m, 10m, -1m, 8.9m],
                ["ETHUSDT"] = [0m, 0m, 0m, 0m],
            },
        };
        BacktestReport report = BacktestReport.Compute(input);
        Assert.That(report.Instruments["BTCUSDT"].TotalReturn, Is.EqualTo(0.089m));
        Assert.That(report.Instruments["BTCUSDT"].Sharpe, Is.EqualTo(5.515130702591435).Within(1e-9));
        Assert.That(report.Instruments["ETHUSDT"].TotalReturn, Is.EqualTo(0m));
        Assert.That(report.Instruments["ETHUSDT"].Sharpe, Is.Null);
    }
}
