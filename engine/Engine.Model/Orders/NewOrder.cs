using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// A command to enter an order into one book. <see cref="Price"/> is the limit price, or for a market order the
/// protection price (the worst price it may trade at). <see cref="StopPrice"/> is a stop order's trigger price (zero
/// for other types). Immutable; passed by <c>in</c> reference on hot paths.
/// </summary>
public readonly record struct NewOrder(
    OrderId OrderId,
    AccountId Account,
    Side Side,
    OrderType Type,
    TimeInForce TimeInForce,
    Price Price,
    Quantity Quantity,
    OrderFlags Flags = OrderFlags.None,
    SelfTradePrevention SelfTradePrevention = SelfTradePrevention.None,
    Price StopPrice = default)
{
    /// <summary>True for the types that wait for their trigger price (StopMarket, StopLimit).</summary>
    public bool IsStop => Type.IsStop();

    public static NewOrder Limit(OrderId id, AccountId account, Side side, Price price, Quantity quantity, TimeInForce timeInForce = TimeInForce.Gtc) =>
        new(id, account, side, OrderType.Limit, timeInForce, price, quantity);

    public static NewOrder Market(OrderId id, AccountId account, Side side, Price protectionPrice, Quantity quantity) =>
        new(id, account, side, OrderType.Market, TimeInForce.Ioc, protectionPrice, quantity);

    /// <summary>A stop-market order: waits for <paramref name="stopPrice"/>, then trades as a market order protected at <paramref name="protectionPrice"/>.</summary>
    public static NewOrder StopMarket(OrderId id, AccountId account, Side side, Price stopPrice, Price protectionPrice, Quantity quantity, OrderFlags flags = OrderFlags.None) =>
        new(id, account, side, OrderType.StopMarket, TimeInForce.Gtc, protectionPrice, quantity, flags, StopPrice: stopPrice);
}
