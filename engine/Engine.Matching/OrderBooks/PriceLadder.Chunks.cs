namespace Engine.Matching;

/// <summary>The ladder's chunk upkeep: splitting a full chunk, refilling an underfull one, and the pool of free chunks.</summary>
public sealed partial class PriceLadder
{
    /// <summary>
    /// Makes room for <paramref name="levels"/> levels however they fall into chunks (twice the chunks a packed book
    /// needs), so reaching them later allocates nothing.
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

    private int Split(int position, int chunk)
    {
        int upper = TakeChunk();
        int from = (chunk << ChunkShift) + (ChunkSize / 2);
        _levels.AsSpan(from, ChunkSize / 2).CopyTo(_levels.AsSpan(upper << ChunkShift));
        _chunkCounts[chunk] = ChunkSize / 2;
        _chunkCounts[upper] = ChunkSize / 2;
        Array.Copy(_order, position + 1, _order, position + 2, _chunksInUse - position - 1);
        Array.Copy(_orderLast, position + 1, _orderLast, position + 2, _chunksInUse - position - 1);
        _chunksInUse++;
        _order[position + 1] = upper;
        _orderLast[position + 1] = _orderLast[position];
        _orderLast[position] = _levels[from - 1].Key;
        return upper;
    }

    /// <summary>
    /// Brings the chunk at <paramref name="position"/> back to <see cref="MinimumFill"/> levels: merges it with a
    /// neighbour (the worse one, else the better) when both fit in <see cref="MergeUpTo"/>, else shares the two
    /// chunks' levels evenly between them.
    /// </summary>
    private void Refill(int position)
    {
        if (_chunksInUse < 2)
        {
            return;
        }

        int lower = position > 0 ? position - 1 : 0;
        int upper = lower + 1;
        int lowerChunk = _order[lower];
        int upperChunk = _order[upper];
        int lowerCount = _chunkCounts[lowerChunk];
        int upperCount = _chunkCounts[upperChunk];
        int lowerStart = lowerChunk << ChunkShift;
        int upperStart = upperChunk << ChunkShift;
        int total = lowerCount + upperCount;
        if (total <= MergeUpTo)
        {
            _levels.AsSpan(upperStart, upperCount).CopyTo(_levels.AsSpan(lowerStart + lowerCount));
            _chunkCounts[lowerChunk] = total;
            _orderLast[lower] = _orderLast[upper];
            _chunkCounts[upperChunk] = 0;
            _free[_freeCount++] = upperChunk;
            _chunksInUse--;
            Array.Copy(_order, upper + 1, _order, upper, _chunksInUse - upper);
            Array.Copy(_orderLast, upper + 1, _orderLast, upper, _chunksInUse - upper);
            return;
        }

        int lowerTarget = total / 2;
        if (lowerCount > lowerTarget)
        {
            // The lower chunk's best levels move to the front of the upper one.
            int moving = lowerCount - lowerTarget;
            _levels.AsSpan(upperStart, upperCount).CopyTo(_levels.AsSpan(upperStart + moving));
            _levels.AsSpan(lowerStart + lowerTarget, moving).CopyTo(_levels.AsSpan(upperStart));
        }
        else
        {
            // The upper chunk's worst levels move to the end of the lower one.
            int moving = lowerTarget - lowerCount;
            _levels.AsSpan(upperStart, moving).CopyTo(_levels.AsSpan(lowerStart + lowerCount));
            _levels.AsSpan(upperStart + moving, upperCount - moving).CopyTo(_levels.AsSpan(upperStart));
        }

        _chunkCounts[lowerChunk] = lowerTarget;
        _chunkCounts[upperChunk] = total - lowerTarget;
        _orderLast[lower] = _levels[lowerStart + lowerTarget - 1].Key;
    }

    private int TakeChunk()
    {
        if (_freeCount == 0)
        {
            Reserve(_chunkCounts.Length * ChunkSize);     // past what was reserved: grow (the only allocation)
        }

        return _free[--_freeCount];
    }
}
