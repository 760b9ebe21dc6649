using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A change of one of the strategy's orders: its new state, what was filled by this event (zero unless a fill),
/// at what price, and the reject code when refused (2xxx risk, 3xxx venue/matching, 4xxx ledger). Immutable.
/// </summary>
public readonly record struct OrderUpdate(
    OrderId Order,
    InstrumentId Instrument,
    Side Side,
    OrderState State,
    Price Price,
    Quantity Leaves,
    Quantity LastQuantity,
    Price LastPrice,
    int RejectCode);
