using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>One open order as its strategy sees it: where it went, what it asks (a stop's trigger in <see cref="StopPrice"/>), what has filled. Immutable copy.</summary>
public readonly record struct OrderView(
    OrderId Id,
    ListingId Listing,
    InstrumentId Instrument,
    Side Side,
    OrderType Type,
    OrderState State,
    Price Price,
    Quantity Quantity,
    Quantity Filled,
    Price StopPrice = default)
{
    public Quantity Leaves => new(Quantity.Units - Filled.Units);

    internal static OrderView Of(in OrderRecord order) =>
        new(order.Id, order.Listing, order.Instrument, order.Side, order.Type, order.State, order.Price, order.Quantity, order.Filled, order.StopPrice);
}
