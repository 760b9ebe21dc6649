using System.Runtime.CompilerServices;

namespace Engine.Matching;

/// <summary>
/// One side of a book as a sorted array of (key, value) with the BEST level at the END: the best price is read,
/// removed and (usually) inserted in O(1) because activity concentrates near the top, and the rest is a short
/// memmove over contiguous memory. Keys are "higher is better": the price for bids, the negated price for asks.
/// Grows by doubling (the only allocation, bounded by the high-water mark). Owned by the book's thread.
/// </summary>
internal sealed class PriceLadder
{
    private long[] _keys;
    private long[] _values;
    private int _count;

    public PriceLadder(int capacity)
    {
        _keys = new long[Math.Max(4, capacity)];
        _values = new long[_keys.Length];
    }

    public int Count => _count;

    public long KeyAt(int index) => _keys[index];

    public long ValueAt(int index) => _values[index];

    public void SetValueAt(int index, long value) => _values[index] = value;

    /// <summary>Index of the key, or the bitwise complement of where it would be inserted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key)
    {
        // Probe the top first: most operations touch the best few levels.
        int last = _count - 1;
        if (last >= 0 && _keys[last] <= key)
        {
            return _keys[last] == key ? last : ~_count;
        }

        int low = 0;
        int high = last - 1;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            long probe = _keys[middle];
            if (probe == key)
            {
                return middle;
            }

            if (probe < key)
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

    public void InsertAt(int index, long key, long value)
    {
        if (_count == _keys.Length)
        {
            Grow();
        }

        int tail = _count - index;
        if (tail > 0)
        {
            Array.Copy(_keys, index, _keys, index + 1, tail);
            Array.Copy(_values, index, _values, index + 1, tail);
        }

        _keys[index] = key;
        _values[index] = value;
        _count++;
    }

    public void RemoveAt(int index)
    {
        int tail = _count - index - 1;
        if (tail > 0)
        {
            Array.Copy(_keys, index + 1, _keys, index, tail);
            Array.Copy(_values, index + 1, _values, index, tail);
        }

        _count--;
    }

    public void Clear() => _count = 0;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        Array.Resize(ref _keys, _keys.Length * 2);
        Array.Resize(ref _values, _values.Length * 2);
    }
}
