using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// An instrument as risk sees it: its id and kind, its initial limits, and the listings the shard trades it on (each
/// venue's rules; every one shares the instrument's price scale, quantity scale and contract multiplier, so orders
/// on any of them add up to one position). <see cref="Rules"/> are the first listing's; <see cref="Venue"/> is that
/// listing's venue (<see cref="VenueId.None"/> when built by hand). <see cref="MarkSource"/> says which listings'
/// books value the position. Money amounts of this instrument (notional, cost, P&amp;L) are price units x quantity
/// units x multiplier units, at <see cref="MoneyScale"/> decimals, so they are exact. Immutable.
/// </summary>
public sealed record RiskInstrument(InstrumentId Id, string Symbol, InstrumentKind Kind, TradingRules Rules, InstrumentRiskLimits Limits, VenueId Venue = default)
{
    /// <summary>The listings traded (at least the first, with <see cref="Rules"/>); empty when built by hand without listings.</summary>
    public IReadOnlyList<RiskListing> Listings { get; init; } = [];

    /// <summary>Where the mark price comes from; null means the traded listings, first with a two-sided book.</summary>
    public MarkSource? MarkSource { get; init; }

    /// <summary>Decimals of this instrument's money amounts: price scale + quantity scale + multiplier scale.</summary>
    public int MoneyScale => Rules.PriceScale + Rules.QuantityScale + Rules.Multiplier.Scale;

    /// <summary>Derivatives are margined; spot is paid in full.</summary>
    public bool IsDerivative => Kind != InstrumentKind.Spot;
}
