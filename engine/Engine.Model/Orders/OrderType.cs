namespace Engine.Model;

/// <summary>
/// Limit orders carry a limit price; market orders carry a protection price (the worst price they may trade at). Stop
/// orders also carry a trigger price (<see cref="NewOrder.StopPrice"/>): they wait at the venue until the last trade
/// reaches it (a buy at or above, a sell at or below), then trade as a market order (StopMarket, its price the
/// protection price) or enter the book as a limit order (StopLimit, its price the limit).
/// </summary>
public enum OrderType : byte
{
    Limit = 0,
    Market = 1,
    StopMarket = 2,
    StopLimit = 3,
}
