using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// A position with its derived figures, for reports and tests (not the hot path). Money amounts are in the
/// instrument's money scale; <see cref="Exposure"/> is in the valuation scale.
/// <see cref="AverageEntryPrice"/> = entry cost / (quantity x multiplier), truncated toward zero to the price scale:
/// a display value; P&amp;L is computed from the exact entry cost. Unrealised P&amp;L, notional and exposure use the
/// reference price (mark, else last trade); they are zero when there is none. Immutable.
/// </summary>
public readonly record struct PositionReport(
    Quantity Quantity,
    Amount EntryCost,
    Price AverageEntryPrice,
    Amount RealisedPnl,
    Amount UnrealisedPnl,
    Amount FundingPnl,
    Amount Fees,
    Amount Notional,
    Amount Exposure,
    Price ReferencePrice,
    Quantity OpenBuy,
    Quantity OpenSell);
