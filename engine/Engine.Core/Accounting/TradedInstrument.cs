using Engine.Ledger.Accounts;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// An instrument this BLP trades, on the one venue whose listing risk configured for it: its rules, its ledger
/// assets (base, quote, settle, and contracts for derivatives) and that venue's fees. Immutable.
/// </summary>
public sealed record TradedInstrument(
    Instrument Instrument,
    VenueId Venue,
    TradingRules Rules,
    AssetId Base,
    AssetId Quote,
    AssetId Settle,
    AssetId Contracts,
    VenueFees Fees)
{
    public InstrumentId Id => Instrument.Id;

    public bool IsSpot => Instrument.Kind == InstrumentKind.Spot;

    /// <summary>Decimals of price x quantity x multiplier: the scale of this instrument's money amounts.</summary>
    public int MoneyScale => Rules.PriceScale + Rules.QuantityScale + Rules.Multiplier.Scale;
}
