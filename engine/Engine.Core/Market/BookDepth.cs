using Engine.Matching;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A read-only view of one listing's aggregated book for strategies: levels by depth (0 is the best), quantity at a
/// price. Valid during the callback that got it (the next input changes the book). Allocation-free.
/// </summary>
public readonly struct BookDepth
{
    private readonly FastL2Book _book;

    internal BookDepth(FastL2Book book) => _book = book;

    public int LevelCount(Side side) => _book.LevelCount(side);

    /// <summary>The level at a depth (0 = best) on a side; false beyond the book.</summary>
    public bool TryGetLevel(Side side, int depth, out BookLevel level) => _book.TryGetLevel(side, depth, out level);

    public Quantity QuantityAt(Side side, Price price) => _book.QuantityAt(side, price);
}
