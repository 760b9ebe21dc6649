namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>One point of a time series as a chart draws it: time (ns since the Unix epoch, UTC) and a value.</summary>
public readonly record struct ChartPoint(long TimeNanos, double Value);
