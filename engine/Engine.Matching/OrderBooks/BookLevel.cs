using Engine.Primitives;

namespace Engine.Matching;

/// <summary>One price level: total quantity and (for L3 books) how many orders make it up. Immutable.</summary>
public readonly record struct BookLevel(Price Price, Quantity Quantity, int OrderCount);
