using System.Runtime.CompilerServices;

namespace Engine.Gateways.Venues.Books;

/// <summary>
/// One side of a venue's book: price levels sorted by key ("higher is better": the price for bids, the negated price
/// for asks), each with its quantity and the decimals the venue wrote both with (checksums over the venue's original
/// strings write them back). Owned by the feed's thread.
/// <para>
/// Levels live in chunks of <see cref="ChunkSize"/>, and the chunks in key order (best last). A change finds its
/// chunk by a binary search over the chunks' last keys, then moves at most one chunk's levels. Why not one sorted
/// array (the engine's PriceLadder was one; it is chunked too now): a venue's depth stream changes levels anywhere in
/// a book thousands of levels deep (Binance BTCUSDT spot held 1,200 bids and 2,200 asks in the recorded day), and with
/// one array every change far from the top moved the whole side: venue-normalize measured 1.5-1.9 µs per message,
/// most of it memmove.
/// </para>
/// <para>
/// Chunks come from a pool sized by <see cref="Reserve"/>; a full chunk splits into two, an empty one returns to the
/// pool. Nothing allocates until the book outgrows what was reserved.
/// </para>
/// </summary>
internal sealed class BookLadder
{
    public const int ChunkSize = 64;
    private const int ChunkShift = 6;

    // Chunk c's levels are slots [c * ChunkSize, c * ChunkSize + _chunkCounts[c]) of _levels, sorted by key. One
    // array of whole levels, so a change moves them with one copy (three arrays took three calls per change).
    private Level[] _levels;
    private int[] _chunkCounts;

    // The chunks in use in key order, and each one's last (highest) key, for the binary search.
    private int[] _order;
    private long[] _orderLast;
    private int _chunksInUse;

    private int[] _free;
    private int _freeCount;

    public BookLadder(int levelCapacity)
    {
        _levels = [];
        _chunkCounts = [];
        _order = [];
        _orderLast = [];
        _free = [];
        Reserve(levelCapacity);
    }

    public int Count { get; private set; }

    /// <summary>The best key (valid when <see cref="Count"/> is not 0).</summary>
    public long BestKey => _orderLast[_chunksInUse - 1];

    /// <summary>
    /// Makes room for <paramref name="levels"/> levels however they fall into chunks (each chunk at least half full
    /// after a split, so twice the chunks), so reaching them later allocates nothing.
    /// </summary>
    public void Reserve(int levels)
    {
        int chunks = Math.Max(4, (2 * levels / ChunkSize) + 2);
        int had = _chunkCounts.Length;
        if (chunks <= had)
        {
            return;
        }

        Array.Resize(ref _levels, chunks * ChunkSize);
        Array.Resize(ref _chunkCounts, chunks);
        Array.Resize(ref _order, chunks);
        Array.Resize(ref _orderLast, chunks);
        Array.Resize(ref _free, chunks);
        for (int chunk = chunks - 1; chunk >= had; chunk--)
        {
            _free[_freeCount++] = chunk;
        }
    }

    public void Clear()
    {
        for (int i = 0; i < _chunksInUse; i++)
        {
            _chunkCounts[_order[i]] = 0;
            _free[_freeCount++] = _order[i];
        }

        _chunksInUse = 0;
        Count = 0;
    }

    /// <summary>Keeps the best <paramref name="depth"/> levels and drops the rest (the worst: whole chunks from the start, then part of one).</summary>
    public void TruncateTo(int depth) => TruncateTo(depth, []);

    /// <summary>
    /// Like <see cref="TruncateTo(int)"/>, writing the removed levels' keys (worst first) into
    /// <paramref name="removedKeys"/> while it has room; returns how many levels were removed.
    /// </summary>
    public int TruncateTo(int depth, Span<long> removedKeys)
    {
        int removed = Count - Math.Max(depth, 0);
        if (removed <= 0)
        {
            return 0;
        }

        int total = removed;
        int written = 0;
        for (int position = 0; position < _chunksInUse && written < removedKeys.Length && written < total; position++)
        {
            int start = _order[position] << ChunkShift;
            int take = Math.Min(_chunkCounts[_order[position]], Math.Min(total, removedKeys.Length) - written);
            for (int i = 0; i < take; i++)
            {
                removedKeys[written++] = _levels[start + i].Key;
            }
        }

        int dropChunks = 0;
        while (dropChunks < _chunksInUse && _chunkCounts[_order[dropChunks]] <= removed)
        {
            int chunk = _order[dropChunks++];
            removed -= _chunkCounts[chunk];
            Count -= _chunkCounts[chunk];
            _chunkCounts[chunk] = 0;
            _free[_freeCount++] = chunk;
        }

        _chunksInUse -= dropChunks;
        Array.Copy(_order, dropChunks, _order, 0, _chunksInUse);
        Array.Copy(_orderLast, dropChunks, _orderLast, 0, _chunksInUse);
        if (removed > 0)
        {
            // Part of the (now) first chunk: its worst levels.
            int chunk = _order[0];
            int start = chunk << ChunkShift;
            int keep = _chunkCounts[chunk] - removed;
            _levels.AsSpan(start + removed, keep).CopyTo(_levels.AsSpan(start));
            _chunkCounts[chunk] = keep;
            Count -= removed;
        }

        return total;
    }

    /// <summary>The level <paramref name="depth"/> from the best (0 is the best): its slot in the level arrays, or -1.</summary>
    public int SlotOfDepth(int depth)
    {
        if ((uint)depth >= (uint)Count)
        {
            return -1;
        }

        for (int position = _chunksInUse - 1; position >= 0; position--)
        {
            int chunk = _order[position];
            int count = _chunkCounts[chunk];
            if (depth < count)
            {
                return (chunk << ChunkShift) + count - 1 - depth;
            }

            depth -= count;
        }

        return -1;
    }

    public long KeyAt(int slot) => _levels[slot].Key;

    public long QuantityAt(int slot) => _levels[slot].Quantity;

    public int PriceDecimalsAt(int slot) => _levels[slot].Decimals >> 8;

    public int QuantityDecimalsAt(int slot) => _levels[slot].Decimals & 0xFF;

    /// <summary>Sets a level; a zero quantity removes it (removing an absent level is a no-op). Returns whether the level existed.</summary>
    public bool Set(long key, long quantity, int priceDecimals, int quantityDecimals)
    {
        ushort decimals = (ushort)((priceDecimals << 8) | quantityDecimals);
        if (_chunksInUse == 0)
        {
            if (quantity != 0)
            {
                int first = TakeChunk();
                _order[0] = first;
                _chunksInUse = 1;
                InsertInChunk(0, first, 0, key, quantity, decimals);
            }

            return false;
        }

        int position = ChunkPositionFor(key);
        int chunk = _order[position];
        int start = chunk << ChunkShift;
        int index = Search(start, _chunkCounts[chunk], key);
        if (index >= 0)
        {
            if (quantity == 0)
            {
                RemoveFromChunk(position, chunk, index);
            }
            else
            {
                ref Level level = ref _levels[start + index];
                level.Quantity = quantity;
                level.Decimals = decimals;
            }

            return true;
        }

        if (quantity != 0)
        {
            int insertAt = ~index;
            if (_chunkCounts[chunk] == ChunkSize)
            {
                // Split: the upper half moves to a new chunk placed right after this one.
                int upper = Split(position, chunk);
                if (insertAt > ChunkSize / 2)
                {
                    position++;
                    chunk = upper;
                    insertAt -= ChunkSize / 2;
                }
            }

            InsertInChunk(position, chunk, insertAt, key, quantity, decimals);
        }

        return false;
    }

    /// <summary>The position (in key order) of the chunk that holds <paramref name="key"/> or should: the first whose last key is at least it, else the last.</summary>
    /// <remarks>
    /// Branch-free halving (the comparison picks the half with a conditional move): a venue's changes fall anywhere
    /// in the book, so the branches of a classic binary search were mispredicted about half the time.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ChunkPositionFor(long key)
    {
        // Most changes are near the top: the best chunk holds every key above the next one's last.
        long[] last = _orderLast;
        int top = _chunksInUse - 1;
        if (top == 0 || last[top - 1] < key)
        {
            return top;
        }

        int low = 0;
        int length = top;
        while (length > 1)
        {
            int half = length >> 1;
            low = last[low + half - 1] < key ? low + half : low;
            length -= half;
        }

        return low;
    }

    /// <summary>Index of the key in the chunk's slots, or the bitwise complement of where it would be inserted (branch-free halving, as above).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Search(int start, int count, long key)
    {
        if (count == 0)
        {
            return ~0;
        }

        Level[] levels = _levels;
        int low = start;
        int length = count;
        while (length > 1)
        {
            int half = length >> 1;
            low = levels[low + half - 1].Key < key ? low + half : low;
            length -= half;
        }

        // low is the first slot whose key is at least the key, or the last slot when every key is below it.
        long found = levels[low].Key;
        int index = low - start;
        return found == key ? index : found > key ? ~index : ~(index + 1);
    }

    private void InsertInChunk(int position, int chunk, int index, long key, long quantity, ushort decimals)
    {
        int start = chunk << ChunkShift;
        int count = _chunkCounts[chunk];
        int tail = count - index;
        if (tail > 0)
        {
            _levels.AsSpan(start + index, tail).CopyTo(_levels.AsSpan(start + index + 1));
        }

        _levels[start + index] = new Level(key, quantity, decimals);
        _chunkCounts[chunk] = count + 1;
        if (index == count)
        {
            _orderLast[position] = key;
        }

        Count++;
    }

    private void RemoveFromChunk(int position, int chunk, int index)
    {
        int start = chunk << ChunkShift;
        int count = _chunkCounts[chunk] - 1;
        Count--;
        if (count == 0)
        {
            _chunkCounts[chunk] = 0;
            _free[_freeCount++] = chunk;
            _chunksInUse--;
            Array.Copy(_order, position + 1, _order, position, _chunksInUse - position);
            Array.Copy(_orderLast, position + 1, _orderLast, position, _chunksInUse - position);
            return;
        }

        int tail = count - index;
        if (tail > 0)
        {
            _levels.AsSpan(start + index + 1, tail).CopyTo(_levels.AsSpan(start + index));
        }

        _chunkCounts[chunk] = count;
        _orderLast[position] = _levels[start + count - 1].Key;
    }

    private int Split(int position, int chunk)
    {
        int upper = TakeChunk();
        int from = (chunk << ChunkShift) + (ChunkSize / 2);
        int to = upper << ChunkShift;
        _levels.AsSpan(from, ChunkSize / 2).CopyTo(_levels.AsSpan(to));
        _chunkCounts[chunk] = ChunkSize / 2;
        _chunkCounts[upper] = ChunkSize / 2;
        Array.Copy(_order, position + 1, _order, position + 2, _chunksInUse - position - 1);
        Array.Copy(_orderLast, position + 1, _orderLast, position + 2, _chunksInUse - position - 1);
        _chunksInUse++;
        _order[position + 1] = upper;
        _orderLast[position + 1] = _orderLast[position];
        _orderLast[position] = _levels[(chunk << ChunkShift) + (ChunkSize / 2) - 1].Key;
        return upper;
    }

    private int TakeChunk()
    {
        if (_freeCount == 0)
        {
            Reserve(_chunkCounts.Length * ChunkSize);     // past what was reserved: grow (the only allocation)
        }

        return _free[--_freeCount];
    }

    private struct Level
    {
        public long Key;
        public long Quantity;

        // The decimals the venue wrote the price (high byte) and quantity (low byte) with.
        public ushort Decimals;

        public Level(long key, long quantity, ushort decimals)
        {
            Key = key;
            Quantity = quantity;
            Decimals = decimals;
        }
    }
}
