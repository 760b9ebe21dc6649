using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// An amend as the pre-trade check sees it: the command, and what the order manager knows of the live order
/// (instrument and listing, side, open quantity, the price its funds are held at). Immutable; passed by <c>in</c>.
/// </summary>
public readonly record struct RiskAmend(
    AmendOrder Amend,
    InstrumentId Instrument,
    StrategyId Strategy,
    Side Side,
    Quantity OpenQuantity,
    Price HoldPrice,
    long InputTimeNanos,
    ListingId Listing = default);
