using System.Runtime.CompilerServices;
using Engine.Journal.Durability;
using Engine.Journal.Format;
using Engine.Journal.Recovery;
using Engine.Journal.Segments;

namespace Engine.Journal.Writing;

/// <summary>
/// Appends records to the journal's current segment through a memory mapping, rolls to a new pre-allocated
/// segment when one is full, and makes batches durable by the <see cref="FsyncPolicy"/>.
/// <para>
/// Threading: owned by one thread (the journaller stage) for every call except <see cref="DurableSequence"/>,
/// which any thread may read: it is the highest sequence made durable by the policy, published with a release
/// store after the sync, and it is what gates the business-logic processor.
/// </para>
/// <para>
/// Allocation: <see cref="Append"/> and <see cref="Commit"/> allocate nothing; rolling to a new segment (once per
/// segment) allocates its file objects.
/// </para>
/// </summary>
public sealed unsafe class JournalWriter : IDisposable
{
    /// <summary>Bytes pre-faulted at a time: one system call per ~10 000 records of 200 bytes.</summary>
    private const int PopulateChunk = 2 * 1024 * 1024;

    private readonly string _directory;
    private readonly JournalOptions _options;
    private readonly FsyncPolicy _policy;
    private readonly int _maxPayload;

    // Open with FileShare.None for the writer's lifetime: .NET takes an exclusive flock on it, so a second writer
    // (in any process) fails fast instead of interleaving appends; a killed writer's lock is released by the kernel.
    private readonly FileStream _lock;

    // The current segment: its mapping, base address, where the next record goes, and where appends must stop
    // so the end-of-segment marker always fits.
    private MappedSegmentFile? _segment;
    private byte* _address;
    private int _position;
    private int _limit;
    private long _segmentIndex;

    // Bytes below this offset of the current segment are pre-faulted (see PopulateAhead).
    private int _populated;

    // Bytes [_syncedPosition, _position) of the current segment are appended but not yet synced.
    private int _syncedPosition;
    private long _nextSequence;
    private PaddedSequence _durable;

    private JournalWriter(string directory, JournalOptions options, RecoveredJournal recovered, FileStream writerLock)
    {
        _lock = writerLock;
        _directory = directory;
        _options = options;
        _policy = options.FsyncPolicy;
        _maxPayload = RecordDescriptor.MaxPayloadLength(options.SegmentSize);
        Recovery = recovered.Report;
        _nextSequence = recovered.NextSequence;
        _durable.Value = recovered.NextSequence - 1;
        if (recovered.Tail is { } tail)
        {
            Attach(tail.Mapped!, tail.File.Index, recovered.TailPosition);
        }
        else
        {
            Attach(CreateSegment(recovered.NextSegmentIndex, recovered.NextSequence), recovered.NextSegmentIndex, SegmentDescriptor.HeaderLength);
        }
    }

    /// <summary>What recovery found and fixed when this writer opened the journal.</summary>
    public RecoveryReport Recovery { get; }

    public string Directory => _directory;

    public FsyncPolicy Policy => _policy;

    /// <summary>The sequence the next <see cref="Append"/> must carry.</summary>
    public long NextSequence => _nextSequence;

    /// <summary>The highest sequence acknowledged under the fsync policy. Safe to read from any thread.</summary>
    public long DurableSequence => Volatile.Read(ref _durable.Value);

    /// <summary>The largest payload a record can carry with this segment size.</summary>
    public int MaxPayloadLength => _maxPayload;

    /// <summary>
    /// Opens (recovering) or creates the journal in <paramref name="directory"/>. Throws
    /// <see cref="JournalCorruptionException"/> on damage in the middle of the journal unless
    /// <see cref="JournalOptions.Repair"/> is set, and <see cref="JournalFormatException"/> for foreign files.
    /// </summary>
    public static JournalWriter Open(string directory, JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        FileStream writerLock = AcquireWriterLock(directory);
        RecoveredJournal? recovered = null;
        try
        {
            recovered = JournalRecovery.Recover(directory, options);
            return new JournalWriter(directory, options, recovered, writerLock);
        }
        catch
        {
            recovered?.Tail?.Dispose();
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends one record; visible to tailers at once, durable at the next <see cref="Commit"/> (or now, under
    /// <see cref="FsyncPolicy.EveryRecord"/>). Sequences must be contiguous.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(long sequence, int templateId, long venueTime, long receiveTime, ReadOnlySpan<byte> payload)
    {
        if (sequence != _nextSequence)
        {
            JournalThrow.SequenceGap(sequence, _nextSequence);
        }

        if (payload.Length > _maxPayload)
        {
            JournalThrow.PayloadTooLong(payload.Length, _maxPayload);
        }

        int length = RecordDescriptor.HeaderLength + payload.Length;
        int aligned = RecordDescriptor.Align(length);
        if (_position + aligned > _limit)
        {
            Roll();
        }

        if (_position + aligned > _populated)
        {
            PopulateAhead();
        }

        byte* record = _address + _position;
        Unsafe.WriteUnaligned(record + RecordDescriptor.SequenceOffset, sequence);
        Unsafe.WriteUnaligned(record + RecordDescriptor.VenueTimeOffset, venueTime);
        Unsafe.WriteUnaligned(record + RecordDescriptor.ReceiveTimeOffset, receiveTime);
        Unsafe.WriteUnaligned(record + RecordDescriptor.TemplateIdOffset, templateId);
        Unsafe.WriteUnaligned(record + RecordDescriptor.ReservedOffset, 0);
        payload.CopyTo(new Span<byte>(record + RecordDescriptor.HeaderLength, payload.Length));
        Unsafe.WriteUnaligned(record + RecordDescriptor.ChecksumOffset, RecordChecksum.OfRecord(record, length));

        // Publish: the length goes last, with a release store, so a reader that sees it sees the whole record.
        Volatile.Write(ref *(int*)record, length);
        _position += aligned;
        _nextSequence = sequence + 1;
        if (_policy == FsyncPolicy.EveryRecord)
        {
            SyncPending();
            Volatile.Write(ref _durable.Value, sequence);
        }
    }

    /// <summary>
    /// Ends a batch: syncs what the batch appended (under <see cref="FsyncPolicy.PerBatch"/>) and then advances
    /// <see cref="DurableSequence"/>, so nothing is acknowledged before the policy made it durable.
    /// </summary>
    public void Commit()
    {
        long last = _nextSequence - 1;
        if (last == _durable.Value)
        {
            return;
        }

        if (_policy == FsyncPolicy.PerBatch)
        {
            SyncPending();
        }

        Volatile.Write(ref _durable.Value, last);
    }

    public void Dispose()
    {
        if (_segment is null)
        {
            return;
        }

        Commit();
        _segment.Dispose();
        _segment = null;
        _address = null;
        _lock.Dispose();

        // A later Append finds no room and reaches Roll, which reports the disposal.
        _position = 0;
        _limit = 0;
    }

    private static FileStream AcquireWriterLock(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, SegmentDescriptor.WriterLockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"{directory}: the journal is already open by another writer ({path} is locked)", e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SyncPending()
    {
        if (_position > _syncedPosition)
        {
            _segment!.Sync(_syncedPosition, _position - _syncedPosition);
            _syncedPosition = _position;
        }
    }

    /// <summary>
    /// Moves to the next segment. Order matters for readers and recovery: the new segment is complete and in place
    /// before the end marker tells readers to go there.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Roll()
    {
        if (_segment is null)
        {
            JournalThrow.Disposed();
        }

        if (_policy != FsyncPolicy.None)
        {
            SyncPending();
        }

        MappedSegmentFile next = CreateSegment(_segmentIndex + 1, _nextSequence);
        Volatile.Write(ref *(int*)(_address + _position), RecordDescriptor.EndOfSegmentLength);
        if (_policy != FsyncPolicy.None)
        {
            _segment.Sync(_position, RecordDescriptor.Alignment);
        }

        _segment.Dispose();
        Attach(next, _segmentIndex + 1, SegmentDescriptor.HeaderLength);
    }

    /// <summary>
    /// Pre-faults the next chunk of the segment in one system call: a fresh mapping otherwise takes a page fault
    /// (and a block allocation) per 4 KiB page inside the append path, which costs more than the append itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PopulateAhead()
    {
        int from = Math.Max(_populated, _position);
        int length = Math.Min(PopulateChunk, _segment!.Length - from);
        _segment.Populate(from, length);
        _populated = from + length;
    }

    private void Attach(MappedSegmentFile segment, long index, int position)
    {
        _segment = segment;
        _address = segment.Address;
        _segmentIndex = index;
        _position = position;
        _syncedPosition = position;
        _limit = segment.Length - RecordDescriptor.EndOfSegmentReserve;
        _populated = position;
    }

    /// <summary>Creates a segment as a temporary file (pre-allocated, header written) and renames it into place.</summary>
    private MappedSegmentFile CreateSegment(long index, long baseSequence)
    {
        string path = Path.Combine(_directory, SegmentDescriptor.FileName(index));
        string temporary = path + SegmentDescriptor.TemporaryFileExtension;
        var header = new SegmentHeader(
            SegmentDescriptor.CurrentFormatVersion, _options.SchemaId, _options.SchemaVersion, index, baseSequence, _options.SegmentSize);
        Span<byte> bytes = stackalloc byte[SegmentDescriptor.HeaderLength];
        header.Write(bytes);
        var streamOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            PreallocationSize = _options.SegmentSize,
        };
        using (var stream = new FileStream(temporary, streamOptions))
        {
            stream.SetLength(_options.SegmentSize);
            stream.Write(bytes);
            if (_policy != FsyncPolicy.None)
            {
                stream.Flush(flushToDisk: true);
            }
        }

        File.Move(temporary, path);
        if (_policy != FsyncPolicy.None)
        {
            FileDurability.SyncDirectory(_directory);
        }

        return MappedSegmentFile.Open(path, writable: true);
    }
}
