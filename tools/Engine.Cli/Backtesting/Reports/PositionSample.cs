namespace Engine.Cli.Backtesting.Reports;

/// <summary>An instrument's position (signed: long positive) at one sample time, for the position chart.</summary>
/// <param name="TimeNanos">Sample time, nanoseconds since the Unix epoch, UTC.</param>
/// <param name="Quantity">The position in the instrument's quantity unit.</param>
public readonly record struct PositionSample(long TimeNanos, decimal Quantity);
