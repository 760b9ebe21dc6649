using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// A resting order was amended. <see cref="KeptPriority"/>: reduced in place at the same price; otherwise it left its
/// queue and re-entered (trade, rest or cancel events for it follow). Immutable.
/// </summary>
public readonly record struct OrderAmended(OrderId OrderId, AccountId Account, Price Price, Quantity Remaining, bool KeptPriority);
