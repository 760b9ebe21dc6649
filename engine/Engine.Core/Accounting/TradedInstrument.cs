using Engine.Ledger.Accounts;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// An instrument this BLP trades (risk configured it): its ledger assets (base, quote, settle, and contracts for
/// derivatives) and the scales all its traded listings share (<see cref="Rules"/> are the first listing's). One
/// position per account, whichever listing its orders went to. Immutable.
/// </summary>
public sealed record TradedInstrument(
    Instrument Instrument,
    TradingRules Rules,
    AssetId Base,
    AssetId Quote,
    AssetId Settle,
    AssetId Contracts)
{
    public InstrumentId Id => Instrument.Id;

    public bool IsSpot => Instrument.Kind == InstrumentKind.Spot;

    /// <summary>Decimals of price x quantity x multiplier: the scale of this instrument's money amounts.</summary>
    public int MoneyScale => Rules.PriceScale + Rules.QuantityScale + Rules.Multiplier.Scale;
}
