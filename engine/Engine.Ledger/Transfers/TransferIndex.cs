using System.Runtime.CompilerServices;

namespace Engine.Ledger.Transfers;

/// <summary>
/// Transfer id to storage index. Ids derive from the input sequence, so they almost always arrive in increasing
/// order: those go into a sorted, append-only sequence of entries (no hashing, no insertion cost; lookup by binary
/// search, and a new id above the last one is known absent at once). An id that arrives out of order goes into a
/// dictionary. Removal is only of the newest entries (a linked chain rolled back), which both structures support
/// cheaply.
/// <para>
/// The sorted entries are stored in fixed-size chunks that come from a <see cref="ChunkSupply{T}"/>, like the
/// transfers themselves (<see cref="TransferTable"/>): growing never copies the index, and the BLP never allocates
/// a chunk that the provisioner could make ready (a doubling array copied 12 MiB at two million transfers).
/// </para>
/// Thread ownership: the ledger's (the BLP thread).
/// </summary>
internal sealed class TransferIndex
{
    /// <summary>Entries per chunk: 16,384 of 16 bytes, 256 KiB.</summary>
    private const int ChunkShift = 14;
    private const int ChunkLength = 1 << ChunkShift;
    private const int ChunkMask = ChunkLength - 1;
    private const int InitialChunkSlots = 1024;

    private readonly Dictionary<long, int> _outOfOrder = [];
    private readonly ChunkSupply<Entry> _supply = new(ChunkLength);
    private Entry[][] _chunks;
    private int _chunkCount;
    private int _count;
    private long _lastId;

    public TransferIndex(int capacity)
    {
        int chunks = (int)(((long)Math.Max(capacity, 1) + ChunkMask) >> ChunkShift);
        _chunks = new Entry[Math.Max(InitialChunkSlots, chunks)][];
        for (int i = 0; i < chunks; i++)
        {
            AddChunk(ChunkSupply<Entry>.Allocate(ChunkLength));
        }
    }

    /// <summary>Chunks the BLP had to allocate itself because the provisioner had not made the next one ready.</summary>
    public long InlineChunkAllocations => _supply.InlineAllocations;

    /// <summary>Whether the chunk after the last allocated one is ready (for tests).</summary>
    internal bool IsNextChunkReady => _supply.IsReady;

    public bool TryGet(TransferId id, out int index)
    {
        long value = id.Value;
        if (_count > 0 && value <= _lastId)
        {
            int found = Find(value);
            if (found >= 0)
            {
                index = EntryAt(found).Index;
                return true;
            }
        }

        // Nearly always empty: skip the hashing call.
        if (_outOfOrder.Count == 0)
        {
            index = 0;
            return false;
        }

        return _outOfOrder.TryGetValue(value, out index);
    }

    /// <summary>Adds an id known to be absent.</summary>
    public void Add(TransferId id, int index)
    {
        long value = id.Value;
        if (_count == 0 || value > _lastId)
        {
            int slot = _count & ChunkMask;
            if (slot == 0)
            {
                EnterChunk(_count >> ChunkShift);
            }

            _chunks[_count >> ChunkShift][slot] = new Entry(value, index);
            _count++;
            _lastId = value;
            return;
        }

        _outOfOrder.Add(value, index);
    }

    /// <summary>Removes an id added after every other remaining one (chain rollback pops newest first).</summary>
    public void RemoveNewest(TransferId id)
    {
        if (_count > 0 && _lastId == id.Value)
        {
            _count--;
            _lastId = _count > 0 ? EntryAt(_count - 1).Id : 0;
            return;
        }

        _outOfOrder.Remove(id.Value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry EntryAt(int position) => ref _chunks[position >> ChunkShift][position & ChunkMask];

    /// <summary>The position of <paramref name="id"/> among the sorted entries, or -1.</summary>
    private int Find(long id)
    {
        int low = 0;
        int high = _count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            long found = EntryAt(middle).Id;
            if (found == id)
            {
                return middle;
            }

            if (found < id)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterChunk(int chunk)
    {
        if (chunk == _chunkCount)
        {
            AddChunk(_supply.Take());
        }

        if (chunk >= _chunkCount - ChunkSupply.RoomAhead)
        {
            // Near the end: add the spare if it is ready and ask for the next, so the provisioner has several chunks
            // of appends to make it ready (ChunkSupply says why).
            if (_supply.TryTakeReady(out Entry[]? spare))
            {
                AddChunk(spare);
            }

            _supply.Prepare();
        }
    }

    private void AddChunk(Entry[] chunk)
    {
        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        _chunks[_chunkCount++] = chunk;
    }

    private readonly record struct Entry(long Id, int Index);
}
