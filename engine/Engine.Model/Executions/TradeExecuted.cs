using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// A trade between an incoming (taker) and a resting (maker) order at the maker's price. The remaining quantities are
/// after this trade, so a consumer knows which orders are done without keeping its own book. Immutable.
/// </summary>
public readonly record struct TradeExecuted(
    TradeId TradeId,
    Side TakerSide,
    Price Price,
    Quantity Quantity,
    OrderId TakerOrderId,
    AccountId TakerAccount,
    Quantity TakerRemaining,
    OrderId MakerOrderId,
    AccountId MakerAccount,
    Quantity MakerRemaining);
