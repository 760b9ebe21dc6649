using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// An aggregated book (price → total quantity), the mirror of a venue's depth feed. Depth 0 is the best level.
/// Single-threaded: owned by the thread that applies the venue's updates.
/// </summary>
public interface IL2Book
{
    int LevelCount(Side side);

    /// <summary>Sets the quantity at a price; zero removes the level (removing an absent level is a no-op).</summary>
    void Set(Side side, Price price, Quantity quantity);

    Quantity QuantityAt(Side side, Price price);

    /// <summary>The level at a depth; <see cref="BookLevel.OrderCount"/> is 0 (an L2 book does not know orders).</summary>
    bool TryGetLevel(Side side, int depth, out BookLevel level);

    void Clear();

    /// <summary>A deterministic hash of the levels (bids best first, then asks best first).</summary>
    ulong StateHash();

    void ValidateInternalState();
}
