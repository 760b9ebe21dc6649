using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// The risk engine's per-instrument slot, indexed by instrument id. Mutable; owned by the BLP thread, reached by
/// <c>ref</c> (public fields on an internal struct: it is a record of the engine's own state, not an API).
/// </summary>
internal struct InstrumentRiskState
{
    public bool Configured;
    public bool IsDerivative;
    public TradingRules Rules;
    public InstrumentRiskLimits Limits;
    public TradingState State;

    /// <summary>Contract multiplier units (base units per contract x 10^multiplier scale).</summary>
    public long Multiplier;

    /// <summary>Valuation units per money unit: 10^(valuation scale - money scale).</summary>
    public long ValuationFactor;

    /// <summary>The largest money amount whose valuation still fits a <c>long</c>.</summary>
    public long MaxMoneyForValuation;

    /// <summary>Valuation units per price unit x quantity unit: multiplier units x <see cref="ValuationFactor"/>.</summary>
    public long PriceQuantityFactor;

    /// <summary>The largest price x quantity whose valuation still fits a <c>long</c>.</summary>
    public long MaxPriceQuantityForValuation;

    /// <summary>maxOrderNotional as a price x quantity threshold (floor(limit / price-quantity factor)); max when unlimited.</summary>
    public Int128 MaxOrderNotionalPriceQuantity;

    /// <summary>maxSymbolExposure as a price x quantity threshold; max when unlimited.</summary>
    public Int128 MaxSymbolExposurePriceQuantity;

    /// <summary>The first listing's minimum notional x 10^multiplier scale (orders that name no listing), compared with price x quantity x multiplier.</summary>
    public Int128 MinNotionalScaled;

    /// <summary>The first traded listing (none when risk was built without listings): an order naming no listing follows its rules.</summary>
    public ListingId PrimaryListing;

    /// <summary>Mark price from market data (zero until the first one).</summary>
    public long MarkPrice;

    /// <summary>Price of the last fill seen by risk (zero until the first one): the fallback reference price.</summary>
    public long LastTradePrice;

    /// <summary>Mark price, else last trade price, else zero (none).</summary>
    public readonly long ReferencePrice => MarkPrice != 0 ? MarkPrice : LastTradePrice;
}
