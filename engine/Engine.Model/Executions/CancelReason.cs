namespace Engine.Model;

/// <summary>Why (part of) an order left the book or never entered it.</summary>
public enum CancelReason : byte
{
    Requested = 0,
    CancelAll = 1,

    /// <summary>The unfilled rest of an IOC or market order.</summary>
    Unfilled = 2,
    SelfTradePrevention = 3,
}
