using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// An instrument as risk sees it: its id and kind, the trading rules of the listing the shard trades it on, and its
/// initial limits, and the venue whose listing supplied the rules (<see cref="VenueId.None"/> when built by
/// hand). Money amounts of this instrument (notional, cost, P&amp;L) are price units x quantity units x
/// multiplier units, at <see cref="MoneyScale"/> decimals, so they are exact. Immutable.
/// </summary>
public sealed record RiskInstrument(InstrumentId Id, string Symbol, InstrumentKind Kind, TradingRules Rules, InstrumentRiskLimits Limits, VenueId Venue = default)
{
    /// <summary>Decimals of this instrument's money amounts: price scale + quantity scale + multiplier scale.</summary>
    public int MoneyScale => Rules.PriceScale + Rules.QuantityScale + Rules.Multiplier.Scale;

    /// <summary>Derivatives are margined; spot is paid in full.</summary>
    public bool IsDerivative => Kind != InstrumentKind.Spot;
}
