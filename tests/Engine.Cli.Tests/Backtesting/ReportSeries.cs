using Engine.Cli.Backtesting.Reports;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>Small known inputs for the report tests: equity curves on a regular grid and fills at grid times.</summary>
internal static class ReportSeries
{
    public const long Minute = 60L * 1_000_000_000;

    public const long Day = 86_400L * 1_000_000_000;

    /// <summary>2026-01-01T00:00:00Z in ns since the Unix epoch.</summary>
    public const long Start = 1_767_225_600L * 1_000_000_000;

    public static EquitySample[] Curve(long interval, params decimal[] equity) =>
        [.. equity.Select((value, index) => new EquitySample(Start + (index * interval), value))];

    public static ReportInput Input(long interval, params decimal[] equity) => new()
    {
        Equity = Curve(interval, equity),
        SampleIntervalNanos = interval,
        InitialCapital = equity[0],
        StateHash = "00000000deadbeef",
    };

    public static ReportFill Fill(long at, string instrument, FillSide side, decimal price, decimal quantity, decimal fee = 0, bool maker = false, decimal realised = 0) =>
        new(Start + at, instrument, side, price, quantity, fee, maker, realised);

    /// <summary>A flat P&amp;L series for each instrument, so fills on them are accepted.</summary>
    public static Dictionary<string, IReadOnlyList<decimal>> FlatPnl(int samples, params string[] instruments) =>
        instruments.ToDictionary(instrument => instrument, _ => (IReadOnlyList<decimal>)new decimal[samples], StringComparer.Ordinal);
}
