using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// The obviously correct L3 book: per side a <see cref="SortedDictionary{TKey,TValue}"/> of price levels, each a
/// <see cref="LinkedList{T}"/> in time order, and a dictionary from id to list node. Allocates freely; it exists to
/// check <see cref="FastL3Book"/>. Single-threaded.
/// </summary>
public sealed class ReferenceL3Book : IL3Book
{
    // Bids keyed by -price, asks by price: ascending key order is best-first on both sides.
    private readonly SortedDictionary<long, LinkedList<BookOrder>> _bids = [];
    private readonly SortedDictionary<long, LinkedList<BookOrder>> _asks = [];
    private readonly Dictionary<long, LinkedListNode<BookOrder>> _orders = [];

    public int OrderCount => _orders.Count;

    public int LevelCount(Side side) => SideOf(side).Count;

    public bool Add(in BookOrder order)
    {
        if (order.Quantity.Units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order.Quantity.Units, "an order's quantity must be positive");
        }

        if (_orders.ContainsKey(order.OrderId.Value))
        {
            return false;
        }

        SortedDictionary<long, LinkedList<BookOrder>> side = SideOf(order.Side);
        long key = Key(order.Side, order.Price.Units);
        if (!side.TryGetValue(key, out LinkedList<BookOrder>? level))
        {
            level = new LinkedList<BookOrder>();
            side.Add(key, level);
        }

        _orders.Add(order.OrderId.Value, level.AddLast(order));
        return true;
    }

    public bool Remove(OrderId orderId, out BookOrder removed)
    {
        if (!_orders.Remove(orderId.Value, out LinkedListNode<BookOrder>? node))
        {
            removed = default;
            return false;
        }

        removed = node.Value;
        LinkedList<BookOrder> level = node.List!;
        level.Remove(node);
        if (level.Count == 0)
        {
            SideOf(removed.Side).Remove(Key(removed.Side, removed.Price.Units));
        }

        return true;
    }

    public bool Reduce(OrderId orderId, Quantity newQuantity)
    {
        if (!_orders.TryGetValue(orderId.Value, out LinkedListNode<BookOrder>? node))
        {
            return false;
        }

        if (newQuantity.Units <= 0 || newQuantity.Units >= node.Value.Quantity.Units)
        {
            throw new ArgumentOutOfRangeException(nameof(newQuantity), newQuantity.Units, "a reduction must leave a smaller positive quantity");
        }

        node.Value = node.Value with { Quantity = newQuantity };
        return true;
    }

    public bool TryGetOrder(OrderId orderId, out BookOrder order)
    {
        if (_orders.TryGetValue(orderId.Value, out LinkedListNode<BookOrder>? node))
        {
            order = node.Value;
            return true;
        }

        order = default;
        return false;
    }

    public bool TryGetBestOrder(Side side, out BookOrder order)
    {
        foreach (KeyValuePair<long, LinkedList<BookOrder>> pair in SideOf(side))
        {
            order = pair.Value.First!.Value;
            return true;
        }

        order = default;
        return false;
    }

    public bool TryGetLevel(Side side, int depth, out BookLevel level)
    {
        int index = 0;
        foreach (KeyValuePair<long, LinkedList<BookOrder>> pair in SideOf(side))
        {
            if (index++ == depth)
            {
                level = Summarise(side, pair.Key, pair.Value);
                return true;
            }
        }

        level = default;
        return false;
    }

    public bool TryGetLevelAt(Side side, Price price, out BookLevel level)
    {
        long key = Key(side, price.Units);
        if (SideOf(side).TryGetValue(key, out LinkedList<BookOrder>? orders))
        {
            level = Summarise(side, key, orders);
            return true;
        }

        level = default;
        return false;
    }

    public void VisitOrders<TVisitor>(Side side, ref TVisitor visitor)
        where TVisitor : IOrderVisitor
    {
        foreach (KeyValuePair<long, LinkedList<BookOrder>> pair in SideOf(side))
        {
            foreach (BookOrder order in pair.Value)
            {
                if (!visitor.Visit(order))
                {
                    return;
                }
            }
        }
    }

    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
        _orders.Clear();
    }

    public ulong StateHash()
    {
        StateHasher hasher = StateHasher.Create();
        HashSide(ref hasher, Side.Buy);
        hasher.Add(BookHash.SideSeparator);
        HashSide(ref hasher, Side.Sell);
        return hasher.Finish();
    }

    public void ValidateInternalState()
    {
        int count = 0;
        foreach (Side side in (Side[])[Side.Buy, Side.Sell])
        {
            foreach (KeyValuePair<long, LinkedList<BookOrder>> pair in SideOf(side))
            {
                Check(pair.Value.Count > 0, "an empty level is still in the book");
                foreach (BookOrder order in pair.Value)
                {
                    Check(order.Side == side && Key(side, order.Price.Units) == pair.Key, "an order sits in the wrong level");
                    Check(order.Quantity.Units > 0, "an order has a non-positive quantity");
                    Check(_orders.ContainsKey(order.OrderId.Value), "an order is missing from the id index");
                    count++;
                }
            }
        }

        Check(count == _orders.Count, "the id index and the levels disagree on the order count");
    }

    private static BookLevel Summarise(Side side, long key, LinkedList<BookOrder> orders)
    {
        long total = 0;
        foreach (BookOrder order in orders)
        {
            total += order.Quantity.Units;
        }

        return new BookLevel(new Price(Key(side, key)), new Quantity(total), orders.Count);
    }

    private void HashSide(ref StateHasher hasher, Side side)
    {
        foreach (KeyValuePair<long, LinkedList<BookOrder>> pair in SideOf(side))
        {
            BookLevel level = Summarise(side, pair.Key, pair.Value);
            BookHash.AddLevel(ref hasher, level.Price.Units, level.Quantity.Units, level.OrderCount);
            foreach (BookOrder order in pair.Value)
            {
                BookHash.AddOrder(ref hasher, order.OrderId.Value, order.Quantity.Units, order.Owner.Value);
            }
        }
    }

    private static long Key(Side side, long price) => side == Side.Buy ? -price : price;

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("ReferenceL3Book: " + what);
        }
    }

    private SortedDictionary<long, LinkedList<BookOrder>> SideOf(Side side) => side == Side.Buy ? _bids : _asks;
}
