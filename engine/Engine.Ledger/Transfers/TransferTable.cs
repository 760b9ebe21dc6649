using System.Runtime.CompilerServices;

namespace Engine.Ledger.Transfers;

/// <summary>
/// The ledger's accepted transfers in the order they were applied, stored in fixed-size chunks. Growing adds a
/// chunk and never moves a stored transfer.
/// <para>
/// Why chunks: a doubling array copies the whole table on every growth, and the new array is cleared and faulted
/// in besides, on the BLP thread. With a million transfers (a day of a busy market maker) that is a stall of tens
/// of milliseconds in the middle of trading, and it was a third of the time of replaying such a journal (memset,
/// memmove and page faults in the profile). Why the chunks come from a <see cref="ChunkSupply{T}"/>: so that the
/// BLP does not allocate even those (1.5 MiB each): when appends enter the last allocated chunk, the next one is
/// prepared on the provisioner's thread, and entering it takes it.
/// </para>
/// Owned by the ledger (the BLP thread).
/// </summary>
internal sealed class TransferTable
{
    /// <summary>Transfers per chunk: 16,384 of 96 bytes, 1.5 MiB.</summary>
    internal const int ChunkLength = 1 << ChunkShift;

    private const int ChunkShift = 14;
    private const int ChunkMask = ChunkLength - 1;

    // Room for 1,024 chunks (16 M transfers) before the array of chunks itself grows (8 KiB, never on the way there).
    private const int InitialChunkSlots = 1024;

    private readonly ChunkSupply<StoredTransfer> _supply = new(ChunkLength);
    private StoredTransfer[][] _chunks;
    private int _chunkCount;

    // The chunk the next append writes to, once that append is not the first of a chunk: appending then costs one
    // array access, as it did when the table was one array.
    private StoredTransfer[] _appendChunk;

    public TransferTable(int capacity)
    {
        _chunks = new StoredTransfer[Math.Max(InitialChunkSlots, ChunksFor(capacity))][];
        EnsureCapacity(Math.Max(capacity, 1));
        _appendChunk = _chunks[0];
    }

    /// <summary>Chunks the BLP had to allocate itself because the provisioner had not made the next one ready.</summary>
    public long InlineChunkAllocations => _supply.InlineAllocations;

    /// <summary>Whether the chunk after the last allocated one is ready (for tests).</summary>
    internal bool IsNextChunkReady => _supply.IsReady;

    public int Count { get; private set; }

    public int Capacity => _chunkCount << ChunkShift;

    /// <summary>The transfer at <paramref name="index"/>; the caller keeps it below <see cref="Count"/>.</summary>
    public ref StoredTransfer this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _chunks[index >> ChunkShift][index & ChunkMask];
    }

    /// <summary>Claims the next slot (all zeros): its index, and the slot to write the transfer into.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref StoredTransfer Append(out int index)
    {
        index = Count;
        int slot = index & ChunkMask;
        if (slot == 0)
        {
            EnterChunk(index >> ChunkShift);
        }

        Count = index + 1;
        return ref _appendChunk[slot];
    }

    /// <summary>Clears and releases the newest slot (a linked chain's rollback).</summary>
    public void RemoveLast()
    {
        this[--Count] = default;
        FollowCount();
    }

    /// <summary>Used transfers of chunk <paramref name="chunk"/>, for walking the table in order: chunks [0, ChunkCount).</summary>
    public Span<StoredTransfer> Chunk(int chunk) => _chunks[chunk].AsSpan(0, Math.Min(ChunkLength, Count - (chunk << ChunkShift)));

    public int ChunkCount => ChunksFor(Count);

    /// <summary>Sets the count of an empty table (a snapshot restore fills the slots, chunk by chunk, next).</summary>
    public void Resize(int count)
    {
        if (Count != 0)
        {
            throw new InvalidOperationException("only an empty transfer table is restored into");
        }

        EnsureCapacity(count);
        Count = count;
        FollowCount();
        if (count >> ChunkShift >= _chunkCount - 1)
        {
            _supply.Prepare();
        }
    }

    /// <summary>Points the append chunk at the chunk of slot <see cref="Count"/> (a first slot of a chunk enters it itself).</summary>
    private void FollowCount()
    {
        if ((Count & ChunkMask) != 0)
        {
            _appendChunk = _chunks[Count >> ChunkShift];
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterChunk(int chunk)
    {
        if (chunk == _chunkCount)
        {
            AddChunk(_supply.Take());
        }

        _appendChunk = _chunks[chunk];
        if (chunk >= _chunkCount - ChunkSupply.RoomAhead)
        {
            // Near the end: add the spare if it is ready and ask for the next, so the provisioner has several chunks
            // of appends to make it ready (ChunkSupply says why).
            if (_supply.TryTakeReady(out StoredTransfer[]? spare))
            {
                AddChunk(spare);
            }

            _supply.Prepare();
        }
    }

    private void EnsureCapacity(int capacity)
    {
        while (Capacity < capacity)
        {
            AddChunk(ChunkSupply<StoredTransfer>.Allocate(ChunkLength));
        }
    }

    private void AddChunk(StoredTransfer[] chunk)
    {
        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        _chunks[_chunkCount++] = chunk;
    }

    private static int ChunksFor(int count) => (int)(((long)count + ChunkMask) >> ChunkShift);
}
