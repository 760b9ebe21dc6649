using Engine.Primitives;

namespace Engine.Matching.Lobster;

/// <summary>
/// One LOBSTER message row: time (nanoseconds after midnight), type, order id, size (shares), price (dollars ×
/// 10,000, i.e. scale 4) and the side of the order in the book (for executions, the resting order's side). Immutable.
/// </summary>
public readonly record struct LobsterMessage(long TimeNanos, LobsterEventType Type, long OrderId, long Size, long Price, Side Side);
