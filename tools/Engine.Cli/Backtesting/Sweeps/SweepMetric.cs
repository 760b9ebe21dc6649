namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>
/// The report.json figures a sweep can sort and colour by, and which way is better: higher for returns and ratios,
/// lower for drawdown, volatility and costs.
/// </summary>
public static class SweepMetric
{
    private static readonly string[] s_lowerIsBetter = ["maxDrawdown", "maxDrawdownDuration", "volatility", "fees"];

    /// <summary>The figures in the order results.csv lists them (report.json's keys).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "totalReturn", "sharpe", "sortino", "calmar", "maxDrawdown", "maxDrawdownDuration", "volatility", "winRate", "profitFactor",
        "roundTrips", "orders", "fills", "makerShare", "fees", "funding", "turnover", "exposureTime",
    ];

    public static bool LowerIsBetter(string name) => s_lowerIsBetter.Contains(name, StringComparer.Ordinal);

    public static string Require(string name, string option) =>
        Names.Contains(name, StringComparer.Ordinal)
            ? name
            : throw new UsageException($"{option} '{name}' is not a report figure (one of {string.Join(", ", Names)})");
}
