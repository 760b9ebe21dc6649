using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// One order as the pre-trade check sees it: the command, the instrument it trades, the strategy that sent it and
/// the input time (nanoseconds, from the journaled input; never a clock). <see cref="HoldPrice"/> is the price the
/// balance check reserves a buy at: zero means the order's own price; a higher price lets the order later be amended
/// up to it without a new balance check (exchange-core's reserve bid price). <see cref="ReservedQuantity"/> is the
/// part of the quantity whose funds the ledger already holds (an amend's current open quantity): the balance check
/// covers only the rest. Immutable; passed by <c>in</c>.
/// </summary>
public readonly record struct RiskOrder(
    NewOrder Order,
    InstrumentId Instrument,
    StrategyId Strategy,
    long InputTimeNanos,
    Price HoldPrice = default,
    Quantity ReservedQuantity = default);
