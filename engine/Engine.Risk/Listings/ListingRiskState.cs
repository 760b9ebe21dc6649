using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Risk's per-listing slot, indexed by listing id: the order rules of one venue's listing of a traded instrument,
/// with the minimum notional pre-scaled so the check compares without dividing. Set at construction only; owned by
/// the BLP thread.
/// </summary>
internal struct ListingRiskState
{
    public bool Configured;
    public InstrumentId Instrument;
    public TradingRules Rules;

    /// <summary>Minimum notional x 10^multiplier scale, compared with price x quantity x multiplier (no division).</summary>
    public Int128 MinNotionalScaled;
}
