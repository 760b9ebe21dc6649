namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// The account's equity (cash plus positions marked to market, in the valuation currency) at one sample time.
/// <c>decimal</c> because equity is money: the engine's fixed-point amounts convert to it exactly, and sums and
/// drawdowns stay exact and identical on every machine; only ratios that statistics need become <c>double</c>.
/// </summary>
/// <param name="TimeNanos">Sample time, nanoseconds since the Unix epoch, UTC.</param>
/// <param name="Equity">Equity at that time in the account's valuation currency.</param>
public readonly record struct EquitySample(long TimeNanos, decimal Equity);
