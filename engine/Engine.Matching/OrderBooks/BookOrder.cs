using Engine.Primitives;

namespace Engine.Matching;

/// <summary>An order as it rests in an L3 book: id, owner, side, price and remaining quantity. Immutable.</summary>
public readonly record struct BookOrder(OrderId OrderId, AccountId Owner, Side Side, Price Price, Quantity Quantity);
