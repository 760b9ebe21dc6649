using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// One order as the pre-trade check sees it: the command, the instrument and listing it trades (none: the
/// instrument's first listing), the strategy that sent it and the input time (nanoseconds, from the journaled input;
/// never a clock). <see cref="HoldPrice"/> is the price a buy's funds are held at when it is higher than the order's
/// own (an amend may not go above it). Immutable; passed by <c>in</c>.
/// </summary>
public readonly record struct RiskOrder(
    NewOrder Order,
    InstrumentId Instrument,
    StrategyId Strategy,
    long InputTimeNanos,
    Price HoldPrice = default,
    ListingId Listing = default);
