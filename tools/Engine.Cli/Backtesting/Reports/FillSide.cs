namespace Engine.Cli.Backtesting.Reports;

/// <summary>Which way a fill moved the account's position: a buy adds its quantity, a sell subtracts it.</summary>
public enum FillSide
{
    Buy = 1,
    Sell = 2,
}
