using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// A command to change a resting order's price and/or remaining quantity. Reducing the quantity at the same price
/// keeps queue priority; a price change or a larger quantity re-enters the order at the back of the queue (and it may
/// trade, as a GTC limit, if the new price crosses). Immutable.
/// </summary>
public readonly record struct AmendOrder(
    OrderId OrderId,
    AccountId Account,
    Price NewPrice,
    Quantity NewQuantity,
    OrderFlags Flags = OrderFlags.None,
    SelfTradePrevention SelfTradePrevention = SelfTradePrevention.None);
