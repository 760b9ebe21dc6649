using Engine.Cli.Backtesting.Reports;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>maxDrawdown and maxDrawdownDuration against values computed by hand.</summary>
[TestFixture]
public sealed class DrawdownMetricsTests
{
    [Test]
    public void Max_drawdown_is_the_deepest_fall_as_a_fraction_of_the_running_peak()
    {
        // Peaks 120 (day 1) and 130 (day 5); falls (120 − 90) / 120 = 0.25 and (130 − 125) / 130 = 0.0385: max 0.25.
        BacktestReport report = BacktestReport.Compute(ReportSeries.Input(ReportSeries.Day, 100m, 120m, 90m, 100m, 120m, 130m, 125m));
        Assert.That(report.Run.MaxDrawdown, Is.EqualTo(0.25m));
    }

    [Test]
    public void Max_drawdown_duration_runs_from_the_peak_to_its_recovery()
    {
        // The 120 peak of day 1 is regained on day 4: 3 days = 259,200 s. The 130 peak of day 5 is still not regained
        // at the end (day 6): 1 day. The longest is 259,200 s.
        BacktestReport report = BacktestReport.Compute(ReportSeries.Input(ReportSeries.Day, 100m, 120m, 90m, 100m, 120m, 130m, 125m));
        Assert.That(report.Run.MaxDrawdownDurationSeconds, Is.EqualTo(259_200m));
    }

    [Test]
    public void An_unrecovered_drawdown_lasts_until_the_end()
    {
        // Peak 100 at minute 0, never regained: the duration is the whole 3 minutes = 180 s; fall (100 − 80) / 100.
        BacktestReport report = BacktestReport.Compute(ReportSeries.Input(ReportSeries.Minute, 100m, 90m, 80m, 95m));
        Assert.That(report.Run.MaxDrawdown, Is.EqualTo(0.2m));
        Assert.That(report.Run.MaxDrawdownDurationSeconds, Is.EqualTo(180m));
    }

    [Test]
    public void A_drawdown_starts_at_the_last_sample_at_the_peak()
    {
        // 100 at minutes 0 and 1 (the peak is last reached at minute 1), 90 at minute 2, 100 again at minute 3: 120 s.
        BacktestReport report = BacktestReport.Compute(ReportSeries.Input(ReportSeries.Minute, 100m, 100m, 90m, 100m, 100m));
        Assert.That(report.Run.MaxDrawdownDurationSeconds, Is.EqualTo(120m));
    }
}
