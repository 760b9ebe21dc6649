using Engine.Matching;

namespace Engine.Host;

/// <summary>
/// One side of a recorded L2 book as the simulated venue keeps it, in a <see cref="PriceLadder"/> (chunks of levels,
/// best last) keyed "higher is better" (the price for bids, the negated price for asks). Why the ladder and not one
/// sorted array (this type's first form, best first): a recorded depth stream changes levels anywhere in a book
/// thousands of levels deep, and with the best at the front every change at the top moved the whole side. Grows
/// only past its high-water mark. Owned by the simulation's thread.
/// </summary>
public sealed class BookLevels
{
    private readonly bool _descending;
    private readonly PriceLadder _ladder = new(1_024);

    public BookLevels(bool descending) => _descending = descending;

    public int Count => _ladder.Count;

    /// <summary>The best price; false when the side is empty.</summary>
    public bool TryBest(out long price, out long quantity)
    {
        if (_ladder.Count == 0)
        {
            price = 0;
            quantity = 0;
            return false;
        }

        int slot = _ladder.BestSlot;
        price = PriceOf(_ladder.KeyAt(slot));
        quantity = _ladder.ValueAt(slot);
        return true;
    }

    /// <summary>The recorded quantity at <paramref name="price"/> (0 when there is no level).</summary>
    public long QuantityAtPrice(long price)
    {
        int slot = _ladder.Find(KeyOf(price));
        return slot >= 0 ? _ladder.ValueAt(slot) : 0;
    }

    /// <summary>The levels from the best to the worst (no change to the side while walking).</summary>
    public LevelsBestFirst BestFirst() => new(this);

    public void Clear() => _ladder.Clear();

    /// <summary>Sets a level's quantity (0 removes it); returns the quantity it had.</summary>
    public long Set(long price, long quantity)
    {
        long key = KeyOf(price);
        int found = _ladder.Find(key);
        if (found >= 0)
        {
            long before = _ladder.ValueAt(found);
            if (quantity > 0)
            {
                _ladder.SetValueAt(found, quantity);
            }
            else
            {
                _ladder.RemoveAt(found);
            }

            return before;
        }

        if (quantity > 0)
        {
            _ladder.InsertAt(~found, key, quantity);
        }

        return 0;
    }

    private long KeyOf(long price) => _descending ? price : -price;

    private long PriceOf(long key) => _descending ? key : -key;

    /// <summary>Walks the levels best first; a struct, so a foreach over it allocates nothing.</summary>
    public struct LevelsBestFirst
    {
        private readonly BookLevels _levels;
        private PriceLadder.BestFirstSlots _slots;

        internal LevelsBestFirst(BookLevels levels)
        {
            _levels = levels;
            _slots = levels._ladder.BestFirst();
        }

        public readonly long Price => _levels.PriceOf(_levels._ladder.KeyAt(_slots.Current));

        public readonly long Quantity => _levels._ladder.ValueAt(_slots.Current);

        public bool MoveNext() => _slots.MoveNext();
    }
}
