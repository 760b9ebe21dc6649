using Engine.Primitives;

namespace Engine.Model;

/// <summary>A command was refused; nothing changed. <see cref="ResultCodes.Reason"/> gives the words. Immutable.</summary>
public readonly record struct OrderRejected(OrderId OrderId, AccountId Account, ResultCode Code);
