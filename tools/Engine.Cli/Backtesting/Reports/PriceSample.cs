namespace Engine.Cli.Backtesting.Reports;

/// <summary>An instrument's mark price (the mid of its recorded book, else its last trade or bar close) at one sample time, for the price chart.</summary>
/// <param name="TimeNanos">Sample time, nanoseconds since the Unix epoch, UTC.</param>
/// <param name="Mid">The price; 0 before the data has one.</param>
public readonly record struct PriceSample(long TimeNanos, decimal Mid);
