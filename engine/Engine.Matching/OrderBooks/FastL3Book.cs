using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// The fast L3 book. Orders and levels are structs in pooled arrays linked by index (no objects per order); each
/// level is an intrusive doubly linked FIFO; each side is a <see cref="PriceLadder"/> of level indices with the best
/// level at the end, so the best order is a few array reads away. An id → slot dictionary, pre-sized, finds orders for
/// cancel and amend. Once the pools and dictionary have reached their high-water size, no operation allocates.
/// Single-threaded: owned by the BLP (or the tool replaying into it).
/// </summary>
public sealed class FastL3Book : IL3Book
{
    private const int Nil = -1;

    private readonly PriceLadder _bids;
    private readonly PriceLadder _asks;
    private readonly Dictionary<long, int> _index;
    private OrderNode[] _orders;
    private LevelNode[] _levels;
    private int _freeOrder = Nil;
    private int _orderHighWater;
    private int _freeLevel = Nil;
    private int _levelHighWater;

    public FastL3Book(int orderCapacity = 4096, int levelCapacity = 1024)
    {
        _orders = new OrderNode[Math.Max(16, orderCapacity)];
        _levels = new LevelNode[Math.Max(16, levelCapacity)];
        _index = new Dictionary<long, int>(_orders.Length);
        _bids = new PriceLadder(levelCapacity);
        _asks = new PriceLadder(levelCapacity);
    }

    public int OrderCount => _index.Count;

    public int LevelCount(Side side) => LadderOf(side).Count;

    public bool Add(in BookOrder order)
    {
        if (order.Quantity.Units <= 0)
        {
            ThrowNonPositive(order.Quantity.Units);
        }

        int slot = AllocateOrder();
        if (!_index.TryAdd(order.OrderId.Value, slot))
        {
            ReleaseOrder(slot);
            return false;
        }

        ref OrderNode node = ref _orders[slot];
        node.Id = order.OrderId.Value;
        node.Owner = order.Owner.Value;
        LinkAtTail(slot, order.Side, order.Price.Units, order.Quantity.Units);
        return true;
    }

    /// <summary>Unlinks the order and links it at the back of its new level: the index keeps its slot.</summary>
    public bool Move(OrderId orderId, Price price, Quantity quantity)
    {
        if (quantity.Units <= 0)
        {
            ThrowNonPositive(quantity.Units);
        }

        if (!_index.TryGetValue(orderId.Value, out int slot))
        {
            return false;
        }

        Side side = _levels[_orders[slot].Level].Side;
        Unlink(slot);
        LinkAtTail(slot, side, price.Units, quantity.Units);
        return true;
    }

    public bool Remove(OrderId orderId, out BookOrder removed)
    {
        if (!_index.Remove(orderId.Value, out int slot))
        {
            removed = default;
            return false;
        }

        removed = ToBookOrder(slot);
        Unlink(slot);
        ReleaseOrder(slot);
        return true;
    }

    public bool Reduce(OrderId orderId, Quantity newQuantity)
    {
        if (!_index.TryGetValue(orderId.Value, out int slot))
        {
            return false;
        }

        ref OrderNode node = ref _orders[slot];
        if (newQuantity.Units <= 0 || newQuantity.Units >= node.Quantity)
        {
            ThrowBadReduction(newQuantity.Units);
        }

        _levels[node.Level].Total -= node.Quantity - newQuantity.Units;
        node.Quantity = newQuantity.Units;
        return true;
    }

    public bool TryGetOrder(OrderId orderId, out BookOrder order)
    {
        if (!_index.TryGetValue(orderId.Value, out int slot))
        {
            order = default;
            return false;
        }

        order = ToBookOrder(slot);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetBestOrder(Side side, out BookOrder order)
    {
        PriceLadder ladder = LadderOf(side);
        if (ladder.Count == 0)
        {
            order = default;
            return false;
        }

        ref LevelNode level = ref _levels[(int)ladder.ValueAt(ladder.BestSlot)];
        ref OrderNode node = ref _orders[level.Head];
        order = new BookOrder(new OrderId(node.Id), new AccountId(node.Owner), side, new Price(level.Price), new Quantity(node.Quantity));
        return true;
    }

    public bool TryGetLevel(Side side, int depth, out BookLevel level)
    {
        PriceLadder ladder = LadderOf(side);
        int slot = ladder.SlotOfDepth(depth);
        if (slot < 0)
        {
            level = default;
            return false;
        }

        level = ToBookLevel((int)ladder.ValueAt(slot));
        return true;
    }

    public bool TryGetLevelAt(Side side, Price price, out BookLevel level)
    {
        PriceLadder ladder = LadderOf(side);
        int found = ladder.Find(Key(side, price.Units));
        if (found < 0)
        {
            level = default;
            return false;
        }

        level = ToBookLevel((int)ladder.ValueAt(found));
        return true;
    }

    public void VisitOrders<TVisitor>(Side side, ref TVisitor visitor)
        where TVisitor : IOrderVisitor
    {
        PriceLadder ladder = LadderOf(side);
        foreach (int ladderSlot in ladder.BestFirst())
        {
            for (int slot = _levels[(int)ladder.ValueAt(ladderSlot)].Head; slot != Nil; slot = _orders[slot].Next)
            {
                if (!visitor.Visit(ToBookOrder(slot)))
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
        _index.Clear();
        _freeOrder = Nil;
        _orderHighWater = 0;
        _freeLevel = Nil;
        _levelHighWater = 0;
    }

    public ulong StateHash()
    {
        StateHasher hasher = StateHasher.Create();
        HashSide(ref hasher, _bids);
        hasher.Add(BookHash.SideSeparator);
        HashSide(ref hasher, _asks);
        return hasher.Finish();
    }

    public void ValidateInternalState()
    {
        int orders = ValidateSide(_bids, Side.Buy) + ValidateSide(_asks, Side.Sell);
        if (!(orders == _index.Count))
        {
            Fail($"levels hold {orders} orders but the index holds {_index.Count}");
        }
        int freeOrders = CountFree(_freeOrder, isOrder: true);
        if (!(orders + freeOrders == _orderHighWater))
        {
            Fail($"order slots leak: {orders} live + {freeOrders} free != {_orderHighWater} used");
        }
        int freeLevels = CountFree(_freeLevel, isOrder: false);
        int levels = _bids.Count + _asks.Count;
        if (!(levels + freeLevels == _levelHighWater))
        {
            Fail($"level slots leak: {levels} live + {freeLevels} free != {_levelHighWater} used");
        }
    }

    private int ValidateSide(PriceLadder ladder, Side side)
    {
        ladder.ValidateInternalState("FastL3Book " + side);
        int orders = 0;
        foreach (int ladderSlot in ladder.BestFirst())
        {
            int levelIndex = (int)ladder.ValueAt(ladderSlot);
            ref LevelNode level = ref _levels[levelIndex];
            if (!(level.Side == side && Key(side, level.Price) == ladder.KeyAt(ladderSlot)))
            {
                Fail($"{side} level {level.Price} is filed under the wrong key");
            }
            if (!(level.Count > 0 && level.Head != Nil))
            {
                Fail($"{side} level {level.Price} is empty but still in the ladder");
            }
            long total = 0;
            int count = 0;
            int previous = Nil;
            for (int slot = level.Head; slot != Nil; slot = _orders[slot].Next)
            {
                ref OrderNode node = ref _orders[slot];
                if (!(node.Prev == previous))
                {
                    Fail($"order {node.Id}: broken back link");
                }
                if (!(node.Level == levelIndex))
                {
                    Fail($"order {node.Id}: points at the wrong level");
                }
                if (!(node.Quantity > 0))
                {
                    Fail($"order {node.Id}: non-positive quantity {node.Quantity}");
                }
                if (!(_index.TryGetValue(node.Id, out int indexed) && indexed == slot))
                {
                    Fail($"order {node.Id}: index points elsewhere");
                }
                total += node.Quantity;
                count++;
                previous = slot;
                if (!(count <= _orderHighWater))
                {
                    Fail($"{side} level {level.Price}: cycle in the order list");
                }
            }

            if (!(level.Tail == previous))
            {
                Fail($"{side} level {level.Price}: tail is not the last order");
            }
            if (!(level.Total == total && level.Count == count))
            {
                Fail($"{side} level {level.Price}: total/count {level.Total}/{level.Count} != {total}/{count}");
            }
            orders += count;
        }

        return orders;
    }

    private int CountFree(int head, bool isOrder)
    {
        int count = 0;
        int limit = isOrder ? _orderHighWater : _levelHighWater;
        for (int slot = head; slot != Nil; slot = isOrder ? _orders[slot].Next : _levels[slot].Head)
        {
            count++;
            Check(count <= limit, "cycle in a free list");
        }

        return count;
    }

    private void HashSide(ref StateHasher hasher, PriceLadder ladder)
    {
        foreach (int ladderSlot in ladder.BestFirst())
        {
            ref LevelNode level = ref _levels[(int)ladder.ValueAt(ladderSlot)];
            BookHash.AddLevel(ref hasher, level.Price, level.Total, level.Count);
            for (int slot = level.Head; slot != Nil; slot = _orders[slot].Next)
            {
                ref OrderNode node = ref _orders[slot];
                BookHash.AddOrder(ref hasher, node.Id, node.Quantity, node.Owner);
            }
        }
    }

    /// <summary>Appends the order in <paramref name="slot"/> to the level at (side, price), creating the level when new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void LinkAtTail(int slot, Side side, long price, long quantity)
    {
        PriceLadder ladder = LadderOf(side);
        long key = Key(side, price);
        int found = ladder.Find(key);
        int level;
        if (found >= 0)
        {
            level = (int)ladder.ValueAt(found);
        }
        else
        {
            level = AllocateLevel();
            ref LevelNode fresh = ref _levels[level];
            fresh.Price = price;
            fresh.Side = side;
            fresh.Total = 0;
            fresh.Count = 0;
            fresh.Head = Nil;
            fresh.Tail = Nil;
            ladder.InsertAt(~found, key, level);
        }

        ref OrderNode node = ref _orders[slot];
        node.Quantity = quantity;
        node.Level = level;
        node.Next = Nil;
        ref LevelNode target = ref _levels[level];
        node.Prev = target.Tail;
        if (target.Tail == Nil)
        {
            target.Head = slot;
        }
        else
        {
            _orders[target.Tail].Next = slot;
        }

        target.Tail = slot;
        target.Total += quantity;
        target.Count++;
    }

    /// <summary>Takes the order in <paramref name="slot"/> out of its level, removing the level when it empties; the slot and index entry stay.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Unlink(int slot)
    {
        ref OrderNode node = ref _orders[slot];
        ref LevelNode level = ref _levels[node.Level];
        if (node.Prev == Nil)
        {
            level.Head = node.Next;
        }
        else
        {
            _orders[node.Prev].Next = node.Next;
        }

        if (node.Next == Nil)
        {
            level.Tail = node.Prev;
        }
        else
        {
            _orders[node.Next].Prev = node.Prev;
        }

        level.Total -= node.Quantity;
        level.Count--;
        if (level.Count == 0)
        {
            RemoveLevel(node.Level);
        }
    }

    private void RemoveLevel(int levelIndex)
    {
        ref LevelNode level = ref _levels[levelIndex];
        PriceLadder ladder = LadderOf(level.Side);
        long key = Key(level.Side, level.Price);

        // The emptied level is almost always the best one (a fill or a cancel at the top): skip the search.
        int slot = ladder.BestSlot;
        if (ladder.KeyAt(slot) != key)
        {
            slot = ladder.Find(key);
        }

        ladder.RemoveAt(slot);
        level.Head = _freeLevel;
        _freeLevel = levelIndex;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int AllocateOrder()
    {
        if (_freeOrder != Nil)
        {
            int slot = _freeOrder;
            _freeOrder = _orders[slot].Next;
            return slot;
        }

        if (_orderHighWater == _orders.Length)
        {
            Array.Resize(ref _orders, _orders.Length * 2);
        }

        return _orderHighWater++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReleaseOrder(int slot)
    {
        _orders[slot].Next = _freeOrder;
        _freeOrder = slot;
    }

    private int AllocateLevel()
    {
        if (_freeLevel != Nil)
        {
            int index = _freeLevel;
            _freeLevel = _levels[index].Head;
            return index;
        }

        if (_levelHighWater == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        return _levelHighWater++;
    }

    private BookOrder ToBookOrder(int slot)
    {
        ref OrderNode node = ref _orders[slot];
        ref LevelNode level = ref _levels[node.Level];
        return new BookOrder(new OrderId(node.Id), new AccountId(node.Owner), level.Side, new Price(level.Price), new Quantity(node.Quantity));
    }

    private BookLevel ToBookLevel(int levelIndex)
    {
        ref LevelNode level = ref _levels[levelIndex];
        return new BookLevel(new Price(level.Price), new Quantity(level.Total), level.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Key(Side side, long price) => side == Side.Buy ? price : -price;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PriceLadder LadderOf(Side side) => side == Side.Buy ? _bids : _asks;

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            Fail(what);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fail(string what) => throw new InvalidOperationException("FastL3Book: " + what);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNonPositive(long quantity) =>
        throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "an order's quantity must be positive");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadReduction(long quantity) =>
        throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "a reduction must leave a smaller positive quantity");

    /// <summary>One order; <see cref="Next"/> doubles as the free-list link when the slot is free.</summary>
    private struct OrderNode
    {
        public long Id;
        public long Quantity;
        public int Owner;
        public int Level;
        public int Prev;
        public int Next;
    }

    /// <summary>One price level; <see cref="Head"/> doubles as the free-list link when the slot is free.</summary>
    private struct LevelNode
    {
        public long Price;
        public long Total;
        public int Count;
        public int Head;
        public int Tail;
        public Side Side;
    }
}
