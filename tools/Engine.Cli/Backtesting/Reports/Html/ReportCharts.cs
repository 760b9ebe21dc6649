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

    /// <summary>
    /// The charts of a backtest's report input: its mark and position samples, each fill's latency (fills whose
    /// latency is unknown, 0, are left out of the histogram), and notes saying how fills were simulated and, on bar
    /// data, that they followed the OHLC rules.
    /// </summary>
    public static ReportCharts From(ReportInput input, string title)
    {
        ArgumentNullException.ThrowIfNull(input);
        var notes = new List<string>();
        if (input.BarFills)
        {
            notes.Add("Fills on bar data follow OHLC rules (docs/FILL-SIMULATION.md): less realistic than fills against a recorded book.");
        }

        if (input.FillModel is { } model)
        {
            notes.Add("Fills simulated: " + model + ".");
        }

        return new ReportCharts
        {
            Title = title,
            Prices = input.Prices.ToDictionary(p => p.Key, p => (IReadOnlyList<ChartPoint>)[.. p.Value.Where(s => s.Mid > 0).Select(s => new ChartPoint(s.TimeNanos, (double)s.Mid))], StringComparer.Ordinal),
            Positions = input.Positions.ToDictionary(p => p.Key, p => (IReadOnlyList<ChartPoint>)[.. p.Value.Select(s => new ChartPoint(s.TimeNanos, (double)s.Quantity))], StringComparer.Ordinal),
            FillLatenciesNanos = [.. input.Fills.Where(f => f.LatencyNanos > 0).Select(f => f.LatencyNanos)],
            Notes = notes,
        };
    }
}
