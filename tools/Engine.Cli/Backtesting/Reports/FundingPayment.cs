namespace Engine.Cli.Backtesting.Reports;

/// <summary>A perpetual's funding payment on the account's position.</summary>
/// <param name="TimeNanos">Funding time, nanoseconds since the Unix epoch, UTC.</param>
/// <param name="Instrument">The instrument's symbol.</param>
/// <param name="Amount">Amount received by the account in the valuation currency; negative when it paid.</param>
public sealed record FundingPayment(long TimeNanos, string Instrument, decimal Amount);
