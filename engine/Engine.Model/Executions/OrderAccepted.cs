using Engine.Primitives;

namespace Engine.Model;

/// <summary>An order passed validation and is about to match (always followed by trades, rest or cancel events). Immutable.</summary>
public readonly record struct OrderAccepted(OrderId OrderId, AccountId Account, Side Side, Price Price, Quantity Quantity);
