using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// An order-by-order book: price levels, each a FIFO queue (price-time priority). Depth 0 is the best level.
/// Implementations are single-threaded: the thread that owns the book (the BLP or a replay tool) is the only one to
/// touch it. <see cref="StateHash"/> is defined by the contents alone, so the reference and fast books agree.
/// </summary>
public interface IL3Book
{
    int OrderCount { get; }

    int LevelCount(Side side);

    /// <summary>Appends the order at the back of its level; false (and no change) when the id is already in the book.</summary>
    bool Add(in BookOrder order);

    /// <summary>Removes an order; false when the id is not in the book.</summary>
    bool Remove(OrderId orderId, out BookOrder removed);

    /// <summary>Sets a smaller, positive remaining quantity in place (keeps queue priority); false when the id is unknown.</summary>
    bool Reduce(OrderId orderId, Quantity newQuantity);

    /// <summary>
    /// Moves an order to the back of the level at <paramref name="price"/> on its side, with a positive remaining
    /// <paramref name="quantity"/> (an amend that loses priority and does not cross); false when the id is unknown.
    /// The same as <see cref="Remove"/> then <see cref="Add"/>, which is what this default does; a book can do it
    /// without taking the id out of its index.
    /// </summary>
    bool Move(OrderId orderId, Price price, Quantity quantity)
    {
        if (!Remove(orderId, out BookOrder order))
        {
            return false;
        }

        return Add(order with { Price = price, Quantity = quantity });
    }

    bool TryGetOrder(OrderId orderId, out BookOrder order);

    /// <summary>The order at the head of the best level of a side.</summary>
    bool TryGetBestOrder(Side side, out BookOrder order);

    bool TryGetLevel(Side side, int depth, out BookLevel level);

    bool TryGetLevelAt(Side side, Price price, out BookLevel level);

    /// <summary>Visits a side's orders from the best level down, each level in time priority.</summary>
    void VisitOrders<TVisitor>(Side side, ref TVisitor visitor)
        where TVisitor : IOrderVisitor;

    void Clear();

    /// <summary>A deterministic hash of every order in priority order (bids best first, then asks best first).</summary>
    ulong StateHash();

    /// <summary>Checks every internal invariant; throws <see cref="InvalidOperationException"/> naming the broken one.</summary>
    void ValidateInternalState();
}
