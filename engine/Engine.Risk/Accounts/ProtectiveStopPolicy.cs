using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// risk.json's <c>protectiveStop</c> of one account: while the account holds a position in an instrument, the engine
/// keeps one reduce-only stop-market order at the venue covering all of it, its trigger <see cref="DistanceBps"/>
/// basis points beyond the average entry price (below it for a long, above for a short). Immutable.
/// </summary>
public readonly record struct ProtectiveStopPolicy(AccountId Account, int DistanceBps)
{
    /// <summary>The widest distance: a long's stop must stay above zero.</summary>
    public const int MaxDistanceBps = 9_999;
}
