using Engine.Primitives;

namespace Engine.Model;

/// <summary>A command to cancel one resting order of an account. Immutable.</summary>
public readonly record struct CancelOrder(OrderId OrderId, AccountId Account);
