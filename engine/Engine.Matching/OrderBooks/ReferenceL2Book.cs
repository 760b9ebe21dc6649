using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// The obviously correct L2 book: one <see cref="SortedDictionary{TKey,TValue}"/> per side, keyed so that the first
/// entry is the best price. Slow and allocating; it exists to check <see cref="FastL2Book"/>. Single-threaded.
/// </summary>
public sealed class ReferenceL2Book : IL2Book
{
    // Bids are keyed by -price and asks by price, so ascending key order is best-first on both sides.
    private readonly SortedDictionary<long, long> _bids = [];
    private readonly SortedDictionary<long, long> _asks = [];

    public int LevelCount(Side side) => SideOf(side).Count;

    public void Set(Side side, Price price, Quantity quantity)
    {
        if (quantity.Units < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity.Units, "a level quantity cannot be negative");
        }

        long key = Key(side, price.Units);
        if (quantity.Units == 0)
        {
            SideOf(side).Remove(key);
        }
        else
        {
            SideOf(side)[key] = quantity.Units;
        }
    }

    public Quantity QuantityAt(Side side, Price price) =>
        new(SideOf(side).TryGetValue(Key(side, price.Units), out long quantity) ? quantity : 0);

    public bool TryGetLevel(Side side, int depth, out BookLevel level)
    {
        int index = 0;
        foreach (KeyValuePair<long, long> pair in SideOf(side))
        {
            if (index++ == depth)
            {
                level = new BookLevel(new Price(Key(side, pair.Key)), new Quantity(pair.Value), 0);
                return true;
            }
        }

        level = default;
        return false;
    }

    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }

    public ulong StateHash()
    {
        StateHasher hasher = StateHasher.Create();
        foreach (KeyValuePair<long, long> pair in _bids)
        {
            BookHash.AddLevel(ref hasher, -pair.Key, pair.Value, 0);
        }

        hasher.Add(BookHash.SideSeparator);
        foreach (KeyValuePair<long, long> pair in _asks)
        {
            BookHash.AddLevel(ref hasher, pair.Key, pair.Value, 0);
        }

        return hasher.Finish();
    }

    public void ValidateInternalState()
    {
        foreach (long quantity in _bids.Values)
        {
            Check(quantity > 0, "a bid level has a non-positive quantity");
        }

        foreach (long quantity in _asks.Values)
        {
            Check(quantity > 0, "an ask level has a non-positive quantity");
        }
    }

    private static long Key(Side side, long price) => side == Side.Buy ? -price : price;

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("ReferenceL2Book: " + what);
        }
    }

    private SortedDictionary<long, long> SideOf(Side side) => side == Side.Buy ? _bids : _asks;
}
