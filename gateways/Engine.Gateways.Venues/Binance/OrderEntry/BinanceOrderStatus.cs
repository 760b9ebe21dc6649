namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>An executionReport's <c>X</c>, the order's state after the change (Binance's order status enum).</summary>
public enum BinanceOrderStatus : byte
{
    None = 0,
    New,
    PendingNew,
    PartiallyFilled,
    Filled,
    Canceled,
    PendingCancel,
    Rejected,
    Expired,
    ExpiredInMatch,
}
