using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// The fast L2 book: each side is a <see cref="PriceLadder"/> (sorted chunks of levels, best at the end), so the best
/// price is O(1), an update anywhere in a deep book moves at most one chunk, and nothing is allocated once the ladders
/// have reached their high-water size. Single-threaded: owned by the thread applying the venue's updates.
/// </summary>
public sealed class FastL2Book : IL2Book
{
    private readonly PriceLadder _bids;
    private readonly PriceLadder _asks;

    public FastL2Book(int levelCapacity = 1024)
    {
        _bids = new PriceLadder(levelCapacity);
        _asks = new PriceLadder(levelCapacity);
    }

    public int LevelCount(Side side) => LadderOf(side).Count;

    public void Set(Side side, Price price, Quantity quantity)
    {
        if (quantity.Units < 0)
        {
            ThrowNegative(quantity.Units);
        }

        PriceLadder ladder = LadderOf(side);
        long key = Key(side, price.Units);
        int index = ladder.Find(key);
        if (index >= 0)
        {
            if (quantity.Units == 0)
            {
                ladder.RemoveAt(index);
            }
            else
            {
                ladder.SetValueAt(index, quantity.Units);
            }
        }
        else if (quantity.Units != 0)
        {
            ladder.InsertAt(~index, key, quantity.Units);
        }
    }

    public Quantity QuantityAt(Side side, Price price)
    {
        PriceLadder ladder = LadderOf(side);
        int index = ladder.Find(Key(side, price.Units));
        return new Quantity(index >= 0 ? ladder.ValueAt(index) : 0);
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

        level = new BookLevel(new Price(Key(side, ladder.KeyAt(slot))), new Quantity(ladder.ValueAt(slot)), 0);
        return true;
    }

    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }

    public ulong StateHash()
    {
        StateHasher hasher = StateHasher.Create();
        foreach (int slot in _bids.BestFirst())
        {
            BookHash.AddLevel(ref hasher, _bids.KeyAt(slot), _bids.ValueAt(slot), 0);
        }

        hasher.Add(BookHash.SideSeparator);
        foreach (int slot in _asks.BestFirst())
        {
            BookHash.AddLevel(ref hasher, -_asks.KeyAt(slot), _asks.ValueAt(slot), 0);
        }

        return hasher.Finish();
    }

    public void ValidateInternalState()
    {
        ValidateLadder(_bids, "bids");
        ValidateLadder(_asks, "asks");
    }

    private static void ValidateLadder(PriceLadder ladder, string name)
    {
        ladder.ValidateInternalState("FastL2Book " + name);
        foreach (int slot in ladder.BestFirst())
        {
            if (ladder.ValueAt(slot) <= 0)
            {
                throw new InvalidOperationException($"FastL2Book: {name} level {ladder.KeyAt(slot)} has quantity {ladder.ValueAt(slot)}");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Key(Side side, long price) => side == Side.Buy ? price : -price;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PriceLadder LadderOf(Side side) => side == Side.Buy ? _bids : _asks;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNegative(long quantity) =>
        throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "a level quantity cannot be negative");
}
