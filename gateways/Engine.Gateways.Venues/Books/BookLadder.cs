using System.Runtime.CompilerServices;
using Engine.Matching;

namespace Engine.Gateways.Venues.Books;

/// <summary>
/// One side of a venue's book: price levels sorted with the BEST at the END (the engine's PriceLadder layout: the
/// top is read and changed in O(1), the rest is a short memmove), each with its quantity and the decimals the venue
/// wrote both with, so a checksum over the venue's original strings can write them back. Keys are "higher is
/// better": the price for bids, the negated price for asks. Grows by doubling (the only allocation, bounded by the
/// book's high-water depth). Owned by the feed's thread.
/// </summary>
internal sealed class BookLadder
{
    private long[] _keys;
    private long[] _quantities;
    private ushort[] _decimals;
    private int _count;

    public BookLadder(int capacity)
    {
        int length = Math.Max(16, capacity);
        _keys = new long[length];
        _quantities = new long[length];
        _decimals = new ushort[length];
    }

    public int Count => _count;

    /// <summary>The level <paramref name="depth"/> from the top (0 is the best).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOfDepth(int depth) => _count - 1 - depth;

    public long KeyAt(int index) => _keys[index];

    public long QuantityAt(int index) => _quantities[index];

    public int PriceDecimalsAt(int index) => _decimals[index] >> 8;

    public int QuantityDecimalsAt(int index) => _decimals[index] & 0xFF;

    /// <summary>Sets a level; a zero quantity removes it (removing an absent level is a no-op). Returns whether the level existed.</summary>
    public bool Set(long key, long quantity, int priceDecimals, int quantityDecimals)
    {
        int index = Find(key);
        ushort decimals = (ushort)((priceDecimals << 8) | quantityDecimals);
        if (index >= 0)
        {
            if (quantity == 0)
            {
                RemoveAt(index);
            }
            else
            {
                _quantities[index] = quantity;
                _decimals[index] = decimals;
            }

            return true;
        }

        if (quantity != 0)
        {
            InsertAt(~index, key, quantity, decimals);
        }

        return false;
    }

    public void Clear() => _count = 0;

    /// <summary>Keeps the best <paramref name="depth"/> levels and drops the rest (the worst are at the start: one move of what is kept).</summary>
    public void TruncateTo(int depth)
    {
        int removed = _count - Math.Max(depth, 0);
        if (removed <= 0)
        {
            return;
        }

        _count -= removed;
        Array.Copy(_keys, removed, _keys, 0, _count);
        Array.Copy(_quantities, removed, _quantities, 0, _count);
        Array.Copy(_decimals, removed, _decimals, 0, _count);
    }

    private int Find(long key) => LadderSearch.Find(_keys, _count, key);

    private void InsertAt(int index, long key, long quantity, ushort decimals)
    {
        if (_count == _keys.Length)
        {
            Grow();
        }

        int tail = _count - index;
        if (tail > 0)
        {
            Array.Copy(_keys, index, _keys, index + 1, tail);
            Array.Copy(_quantities, index, _quantities, index + 1, tail);
            Array.Copy(_decimals, index, _decimals, index + 1, tail);
        }

        _keys[index] = key;
        _quantities[index] = quantity;
        _decimals[index] = decimals;
        _count++;
    }

    private void RemoveAt(int index)
    {
        int tail = _count - index - 1;
        if (tail > 0)
        {
            Array.Copy(_keys, index + 1, _keys, index, tail);
            Array.Copy(_quantities, index + 1, _quantities, index, tail);
            Array.Copy(_decimals, index + 1, _decimals, index, tail);
        }

        _count--;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        Array.Resize(ref _keys, _keys.Length * 2);
        Array.Resize(ref _quantities, _quantities.Length * 2);
        Array.Resize(ref _decimals, _decimals.Length * 2);
    }
}
