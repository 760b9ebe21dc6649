namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>An executionReport's <c>x</c>, the kind of change, as Binance's "Order Update" documentation lists them.</summary>
public enum BinanceExecutionType : byte
{
    None = 0,
    New,
    Canceled,
    Replaced,
    Rejected,
    Trade,
    Expired,
    TradePrevention,

    /// <summary>USD-M: the order was modified in place (price, quantity).</summary>
    Amendment,
}
