using System.Runtime.CompilerServices;

namespace Engine.Matching;

/// <summary>
/// One side of a book: (key, value) levels sorted by key, where keys are "higher is better" (the price for bids, the
/// negated price for asks). Owned by the book's thread.
/// <para>
/// Levels live in chunks of <see cref="ChunkSize"/> slots, each chunk sorted with its best level last, and the chunks
/// in use kept in key order (best last) with each one's last key, so a change finds its chunk by a search over the
/// chunks and then moves at most one chunk's levels. Why not one sorted array (this type's first form): a venue's
/// depth stream changes levels anywhere in a book thousands of levels deep (Binance USD-M: a 1,000-level snapshot a
/// side, growing as the stream adds levels), and every change far from the top moved the whole better part of the
/// side. The best level is still found in O(1) (the last slot of the last chunk), and a change at the top moves
/// only the top chunk's few levels above it.
/// </para>
/// <para>
/// A slot (the chunk times <see cref="ChunkSize"/> plus the index in the chunk) names a level until the next change:
/// <see cref="Find"/> returns one, <see cref="KeyAt"/>, <see cref="ValueAt"/>, <see cref="SetValueAt"/> and
/// <see cref="RemoveAt"/> take one, <see cref="BestFirst"/> and <see cref="SlotOfDepth"/> walk them.
/// </para>
/// <para>
/// Chunks come from a pool sized for the capacity given (twice the chunks a packed book needs, as a split leaves two
/// half-full chunks); a full chunk splits in two, and a chunk that falls below a quarter full takes levels from a
/// neighbour or merges with it, so every chunk but a lone one is at least a quarter full. Nothing allocates until the
/// chunks in use outgrow the pool (then it doubles: the only allocation, bounded by the high-water mark of the side's
/// levels, at most a chunk per quarter chunk of levels).
/// </para>
/// </summary>
public sealed partial class PriceLadder
{
    public const int ChunkSize = 64;
    private const int ChunkShift = 6;
    // Every chunk but a lone one holds at least MinimumFill levels: a chunk that falls below it takes levels from a
    // neighbour, or merges with it when both fit in MergeUpTo. So the best MinimumFill levels are always in the best
    // chunk (depth reads there are one subtraction), and a side needs at most Count / MinimumFill chunks.
    private const int MinimumFill = ChunkSize / 4;
    private const int MergeUpTo = ChunkSize * 3 / 4;

    // An insertion hint is the chunk's position and the index to insert at, which runs to ChunkSize inclusive (after
    // the last level of a full chunk): one bit more than a slot's index.
    private const int HintShift = ChunkShift + 1;
    private const int HintIndexMask = (1 << HintShift) - 1;

    // Chunk c's levels are slots [c * ChunkSize, c * ChunkSize + _chunkCounts[c]) of _levels, sorted by key. One
    // array of whole levels, so a move is one copy.
    private Level[] _levels;
    private int[] _chunkCounts;

    // The chunks in use in key order (best last), and each one's last (highest) key, for the search.
    private int[] _order;
    private long[] _orderLast;
    private int _chunksInUse;

    private int[] _free;
    private int _freeCount;

    // The best level's slot, kept by every change: the matching loop reads the best level far more often than it
    // changes the ladder.
    private int _bestSlot;

    public PriceLadder(int capacity)
    {
        _levels = [];
        _chunkCounts = [];
        _order = [];
        _orderLast = [];
        _free = [];
        Reserve(capacity);
    }

    public int Count { get; private set; }

    /// <summary>The slot of the best level (valid when <see cref="Count"/> is not 0).</summary>
    public int BestSlot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _bestSlot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long KeyAt(int slot) => _levels[slot].Key;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ValueAt(int slot) => _levels[slot].Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetValueAt(int slot, long value) => _levels[slot].Value = value;

    /// <summary>The levels from the best to the worst, as slots (no change to the ladder while walking).</summary>
    public BestFirstSlots BestFirst() => new(this);

    public void Clear()
    {
        for (int position = 0; position < _chunksInUse; position++)
        {
            _chunkCounts[_order[position]] = 0;
            _free[_freeCount++] = _order[position];
        }

        _chunksInUse = 0;
        Count = 0;
        _bestSlot = 0;
    }

    /// <summary>
    /// The slot holding <paramref name="key"/>, or a negative number whose complement is the hint
    /// <see cref="InsertAt"/> takes to insert the key without searching again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key)
    {
        if (_chunksInUse == 0)
        {
            return ~0;
        }

        // At or above the best level, where most changes land: no search.
        long bestKey = _levels[_bestSlot].Key;
        if (bestKey <= key)
        {
            return bestKey == key ? _bestSlot : ~(((_chunksInUse - 1) << HintShift) | ((_bestSlot & (ChunkSize - 1)) + 1));
        }

        return FindBelowBest(key);
    }

    /// <summary>The slot of the level <paramref name="depth"/> from the best (0 is the best), or -1 past the last.</summary>
    public int SlotOfDepth(int depth)
    {
        if ((uint)depth >= (uint)Count)
        {
            return -1;
        }

        // Within the best chunk: its levels run down from the best slot.
        if (depth <= (_bestSlot & (ChunkSize - 1)))
        {
            return _bestSlot - depth;
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

    /// <summary>Inserts an absent key where <see cref="Find"/> said it belongs (<paramref name="hint"/> is the complement of what it returned).</summary>
    public void InsertAt(int hint, long key, long value)
    {
        if (_chunksInUse == 0)
        {
            int first = TakeChunk();
            _order[0] = first;
            _chunksInUse = 1;
            InsertInChunk(0, first, 0, key, value);
            _bestSlot = first << ChunkShift;
            return;
        }

        int position = hint >> HintShift;
        int insertAt = hint & HintIndexMask;
        int chunk = _order[position];
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

        InsertInChunk(position, chunk, insertAt, key, value);
        UpdateBestSlot();
    }

    /// <summary>Removes the level in <paramref name="slot"/>.</summary>
    public void RemoveAt(int slot)
    {
        int chunk = slot >> ChunkShift;
        int index = slot & (ChunkSize - 1);
        int count = _chunkCounts[chunk] - 1;
        int start = chunk << ChunkShift;
        int position = _chunksInUse - 1;
        if (_order[position] != chunk)
        {
            position = ChunkPositionFor(_levels[slot].Key);
        }

        Count--;
        if (count == 0)
        {
            _chunkCounts[chunk] = 0;
            _free[_freeCount++] = chunk;
            _chunksInUse--;
            Array.Copy(_order, position + 1, _order, position, _chunksInUse - position);
            Array.Copy(_orderLast, position + 1, _orderLast, position, _chunksInUse - position);
            UpdateBestSlot();
            return;
        }

        int tail = count - index;
        if (tail > 0)
        {
            _levels.AsSpan(start + index + 1, tail).CopyTo(_levels.AsSpan(start + index));
        }

        _chunkCounts[chunk] = count;
        _orderLast[position] = _levels[start + count - 1].Key;
        if (count < MinimumFill)
        {
            Refill(position);
        }

        UpdateBestSlot();
    }

    /// <summary>Checks the chunks' invariants; throws naming the side (<paramref name="name"/>) and what is wrong.</summary>
    public void ValidateInternalState(string name)
    {
        int levels = 0;
        long previous = long.MinValue;
        bool first = true;
        for (int position = 0; position < _chunksInUse; position++)
        {
            int chunk = _order[position];
            int count = _chunkCounts[chunk];
            if (count <= 0 || count > ChunkSize || (_chunksInUse > 1 && count < MinimumFill))
            {
                throw new InvalidOperationException($"PriceLadder {name}: chunk {chunk} at position {position} holds {count} levels");
            }

            int start = chunk << ChunkShift;
            for (int i = 0; i < count; i++)
            {
                long key = _levels[start + i].Key;
                if (!first && key <= previous)
                {
                    throw new InvalidOperationException($"PriceLadder {name}: keys are not strictly sorted at chunk position {position}, index {i}");
                }

                previous = key;
                first = false;
            }

            if (_orderLast[position] != previous)
            {
                throw new InvalidOperationException($"PriceLadder {name}: chunk position {position} records last key {_orderLast[position]}, holds {previous}");
            }

            levels += count;
        }

        if (_chunksInUse != 0 && _levels[_bestSlot].Key != previous)
        {
            throw new InvalidOperationException($"PriceLadder {name}: the best slot {_bestSlot} holds key {_levels[_bestSlot].Key}, the best key is {previous}");
        }

        if (levels != Count)
        {
            throw new InvalidOperationException($"PriceLadder {name}: chunks hold {levels} levels, the count says {Count}");
        }

        if (_chunksInUse + _freeCount != _chunkCounts.Length)
        {
            throw new InvalidOperationException($"PriceLadder {name}: chunks leak: {_chunksInUse} in use + {_freeCount} free != {_chunkCounts.Length}");
        }
    }

    /// <summary><see cref="Find"/> for a key below the best: a search over the chunks, then in one (kept out of line so the callers' inlined fast path stays small).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int FindBelowBest(long key)
    {
        int position = ChunkPositionFor(key);
        int chunk = _order[position];
        int start = chunk << ChunkShift;
        int count = _chunkCounts[chunk];
        int index = Search(start, count, key);
        return index >= 0 ? start + index : ~((position << HintShift) | ~index);
    }

    /// <summary>The position (in key order) of the chunk that holds <paramref name="key"/> or should: the first whose last key is at least it, else the last.</summary>
    /// <remarks>
    /// Branch-free halving (the comparison picks the half with a conditional move): deep changes fall anywhere in the
    /// book, so a classic binary search's branches would be mispredicted about half the time.
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

    /// <summary>Index of the key in the chunk's slots, or the bitwise complement of where it would be inserted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Search(int start, int count, long key)
    {
        Level[] levels = _levels;

        // Probe the chunk's last level first: in the best chunk that is the best level, where most changes land.
        int last = start + count - 1;
        long top = levels[last].Key;
        if (top <= key)
        {
            return top == key ? count - 1 : ~count;
        }

        int low = start;
        int length = count;
        while (length > 1)
        {
            int half = length >> 1;
            low = levels[low + half - 1].Key < key ? low + half : low;
            length -= half;
        }

        // low is the first slot whose key is at least the key (the last slot's key is above it, probed above).
        int index = low - start;
        return levels[low].Key == key ? index : ~index;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateBestSlot()
    {
        if (_chunksInUse != 0)
        {
            int chunk = _order[_chunksInUse - 1];
            _bestSlot = (chunk << ChunkShift) + _chunkCounts[chunk] - 1;
        }
    }

    private void InsertInChunk(int position, int chunk, int index, long key, long value)
    {
        int start = chunk << ChunkShift;
        int count = _chunkCounts[chunk];
        int tail = count - index;
        if (tail > 0)
        {
            _levels.AsSpan(start + index, tail).CopyTo(_levels.AsSpan(start + index + 1));
        }

        _levels[start + index] = new Level(key, value);
        _chunkCounts[chunk] = count + 1;
        if (index == count)
        {
            _orderLast[position] = key;
        }

        Count++;
    }

    private struct Level
    {
        public long Key;
        public long Value;

        public Level(long key, long value)
        {
            Key = key;
            Value = value;
        }
    }
}
