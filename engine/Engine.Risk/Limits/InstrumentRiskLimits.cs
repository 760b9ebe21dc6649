using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Per-instrument limits that apply to every account. Quantities are in the instrument's quantity scale (base units
/// or contracts); notionals and exposures in the valuation asset at the valuation scale. A limit of
/// <see cref="RiskLimit.Unlimited"/> units is off. Immutable; replaced whole by an admin input.
/// </summary>
/// <param name="MaxOrderSize">config maxOrderSize: the largest quantity of one order.</param>
/// <param name="MaxOrderNotional">config maxOrderNotional: the largest price x quantity x multiplier of one order.</param>
/// <param name="MaxPositionSize">config maxPositionSize: the largest absolute position, counting open orders and this one as filled.</param>
/// <param name="MaxSymbolExposure">config maxSymbolExposure: the largest absolute position value in the instrument, counted like the position.</param>
/// <param name="PriceBandBps">config priceBandBps: how far (basis points) a price may be from the reference price; <see cref="RiskLimit.NoPriceBand"/> is off.</param>
/// <param name="InitialMarginBps">config initialMarginBps: margin per notional for derivatives (10,000 = fully funded); unused for spot.</param>
public readonly record struct InstrumentRiskLimits(
    Quantity MaxOrderSize,
    Amount MaxOrderNotional,
    Quantity MaxPositionSize,
    Amount MaxSymbolExposure,
    int PriceBandBps,
    int InitialMarginBps)
{
    /// <summary>Every limit off, fully funded margin: for tests that exercise one check at a time.</summary>
    public static InstrumentRiskLimits Unlimited => new(
        new Quantity(RiskLimit.Unlimited),
        new Amount(RiskLimit.Unlimited),
        new Quantity(RiskLimit.Unlimited),
        new Amount(RiskLimit.Unlimited),
        RiskLimit.NoPriceBand,
        RiskLimit.BasisPointsPerUnit);
}
