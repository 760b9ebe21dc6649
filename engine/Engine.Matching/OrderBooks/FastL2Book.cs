using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// The fast L2 book: each side is a <see cref="PriceLadder"/> (sorted arrays, best at the end), so the best price is
/// O(1), updates near the top cost a short memmove, and nothing is allocated once the ladders have reached their
/// high-water size. Single-threaded: owned by the thread applying the venue's updates.
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
        if ((uint)depth >= (uint)ladder.Count)
        {
            level = default;
            return false;
        }

        int index = ladder.Count - 1 - depth;
        level = new BookLevel(new Price(Key(side, ladder.KeyAt(index))), new Quantity(ladder.ValueAt(index)), 0);
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
        for (int i = _bids.Count - 1; i >= 0; i--)
        {
            BookHash.AddLevel(ref hasher, _bids.KeyAt(i), _bids.ValueAt(i), 0);
        }

        hasher.Add(BookHash.SideSeparator);
        for (int i = _asks.Count - 1; i >= 0; i--)
        {
            BookHash.AddLevel(ref hasher, -_asks.KeyAt(i), _asks.ValueAt(i), 0);
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
        for (int i = 0; i < ladder.Count; i++)
        {
            if (ladder.ValueAt(i) <= 0)
            {
                throw new InvalidOperationException($"FastL2Book: {name}[{i}] has quantity {ladder.ValueAt(i)}");
            }

            if (i > 0 && ladder.KeyAt(i - 1) >= ladder.KeyAt(i))
            {
                throw new InvalidOperationException($"FastL2Book: {name} are not strictly sorted at {i}");
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
