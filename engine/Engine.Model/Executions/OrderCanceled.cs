using Engine.Primitives;

namespace Engine.Model;

/// <summary><see cref="Canceled"/> of an order was canceled (a resting order, or the unfilled rest of an incoming one). Immutable.</summary>
public readonly record struct OrderCanceled(OrderId OrderId, AccountId Account, Quantity Canceled, CancelReason Reason);
