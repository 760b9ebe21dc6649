namespace Engine.Host;

/// <summary>
/// One side of a recorded L2 book as the simulated venue keeps it: price levels best first (bids descending, asks
/// ascending) in two parallel arrays, found by binary search. Grows only past its high-water mark. Owned by the
/// simulation's thread.
/// </summary>
public sealed class BookLevels
{
    private readonly bool _descending;
    private long[] _prices = new long[64];
    private long[] _quantities = new long[64];

    public BookLevels(bool descending) => _descending = descending;

    public int Count { get; private set; }

    public long PriceAt(int index) => _prices[index];

    public long QuantityAt(int index) => _quantities[index];

    /// <summary>The best price; false when the side is empty.</summary>
    public bool TryBest(out long price, out long quantity)
    {
        if (Count == 0)
        {
            price = 0;
            quantity = 0;
            return false;
        }

        price = _prices[0];
        quantity = _quantities[0];
        return true;
    }

    /// <summary>The recorded quantity at <paramref name="price"/> (0 when there is no level).</summary>
    public long QuantityAtPrice(long price)
    {
        int index = Find(price);
        return index >= 0 ? _quantities[index] : 0;
    }

    public void Clear() => Count = 0;

    /// <summary>Sets a level's quantity (0 removes it); returns the quantity it had.</summary>
    public long Set(long price, long quantity)
    {
        int index = Find(price);
        if (index >= 0)
        {
            long before = _quantities[index];
            if (quantity > 0)
            {
                _quantities[index] = quantity;
            }
            else
            {
                Array.Copy(_prices, index + 1, _prices, index, Count - index - 1);
                Array.Copy(_quantities, index + 1, _quantities, index, Count - index - 1);
                Count--;
            }

            return before;
        }

        if (quantity <= 0)
        {
            return 0;
        }

        int insert = ~index;
        if (Count == _prices.Length)
        {
            Array.Resize(ref _prices, Count * 2);
            Array.Resize(ref _quantities, Count * 2);
        }

        Array.Copy(_prices, insert, _prices, insert + 1, Count - insert);
        Array.Copy(_quantities, insert, _quantities, insert + 1, Count - insert);
        _prices[insert] = price;
        _quantities[insert] = quantity;
        Count++;
        return 0;
    }

    /// <summary>The index of <paramref name="price"/>, or the complement of where it would go.</summary>
    private int Find(long price)
    {
        int low = 0;
        int high = Count - 1;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            long at = _prices[middle];
            if (at == price)
            {
                return middle;
            }

            bool before = _descending ? at > price : at < price;
            if (before)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
