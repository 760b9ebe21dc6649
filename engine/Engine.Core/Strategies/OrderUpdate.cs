using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A change of one of the strategy's orders: its new state, what was filled by this event (zero unless a fill),
/// at what price, and the result code when refused or ended by a rule (the registry's: 2xxx risk, 3xxx matching,
/// 4xxx ledger, 5xxx venue). Immutable.
/// </summary>
public readonly record struct OrderUpdate(
    OrderId Order,
    ListingId Listing,
    InstrumentId Instrument,
    Side Side,
    OrderState State,
    Price Price,
    Quantity Leaves,
    Quantity LastQuantity,
    Price LastPrice,
    ResultCode RejectCode);
