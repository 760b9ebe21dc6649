namespace Engine.Model;

/// <summary>What happens when an order would trade against a resting order of the same account.</summary>
public enum SelfTradePrevention : byte
{
    /// <summary>The orders trade with each other.</summary>
    None = 0,

    /// <summary>The resting order is canceled and matching continues.</summary>
    CancelResting = 1,

    /// <summary>The incoming order's remainder is canceled; the resting order stays.</summary>
    CancelIncoming = 2,

    /// <summary>Both the resting order and the incoming remainder are canceled.</summary>
    CancelBoth = 3,
}
