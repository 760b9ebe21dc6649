namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>
/// What report.html draws beyond the figures of <see cref="BacktestReport"/> and the fills and P&amp;L of
/// <see cref="ReportInput"/>: each instrument's price (the mid or last trade the backtest saw, sampled) and position
/// over time, each fill's latency (order sent to fill, ns), and notes the reader must see (for example that fills on
/// bar data follow OHLC rules and are less realistic). Immutable.
/// </summary>
public sealed record ReportCharts
{
    public IReadOnlyDictionary<string, IReadOnlyList<ChartPoint>> Prices { get; init; } = new Dictionary<string, IReadOnlyList<ChartPoint>>();

    public IReadOnlyDictionary<string, IReadOnlyList<ChartPoint>> Positions { get; init; } = new Dictionary<string, IReadOnlyList<ChartPoint>>();

    public IReadOnlyList<long> FillLatenciesNanos { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The page's title, e.g. the strategy, dataset and period.</summary>
    public string Title { get; init; } = "Backtest report";
}
