using Engine.Primitives;

namespace Engine.Model;

/// <summary>The remainder of an order now rests in the book at the back of its price level. Immutable.</summary>
public readonly record struct OrderRested(OrderId OrderId, AccountId Account, Side Side, Price Price, Quantity Remaining);
