using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Journal.Durability;
using Engine.Journal.Format;
using Engine.Journal.Recovery;
using Engine.Journal.Segments;
using Microsoft.Win32.SafeHandles;

namespace Engine.Journal.Writing;

/// <summary>
/// Appends records to the journal's current segment file, rolls to a new pre-allocated segment when one is full,
/// and makes batches durable by the <see cref="FsyncPolicy"/>.
/// <para>
/// How bytes reach the file: <see cref="Append"/> frames and checksums a record in a staging buffer; a
/// <see cref="Commit"/> (or a full buffer) writes the staged records with <c>pwrite</c> and, under
/// <see cref="FsyncPolicy.PerBatch"/>, one <c>fdatasync</c>. Writing through a shared writable mapping instead
/// cost a page fault and a kernel zero-fill per fresh 4 KiB page, and every sync or background writeback had
/// to write-protect each dirty page again, one TLB-shootdown IPI per page: on a small VM that was most of the
/// append time, with or without fsync.
/// </para>
/// <para>
/// Publication (what readers, in this process or another one mapping the same file, may see): a reader that
/// sees a positive length word must see the whole record. A single <c>pwrite</c> does not promise the order in
/// which other CPUs see its bytes, and copies the length word (at the start of a record) first anyway. So each
/// group of staged records is written twice: first with every length word zero (readers see the end of the
/// journal), then, after a fence, with the length words. A crash between the two leaves length-less records
/// after the last complete one, which recovery treats as a torn tail, never as damage in the middle.
/// </para>
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
    /// <summary>
    /// Bytes staged between two writes to the file: well over a 256-record batch of the largest usual records, and
    /// small enough to stay in the L2 cache. A record larger than this is written on its own (see AppendDirect).
    /// </summary>
    internal const int StagingCapacity = 256 * 1024;

    private readonly string _directory;
    private readonly JournalOptions _options;
    private readonly FsyncPolicy _policy;
    private readonly int _maxPayload;

    // Open with FileShare.None for the writer's lifetime: .NET takes an exclusive flock on it, so a second writer
    // (in any process) fails fast instead of interleaving appends; a killed writer's lock is released by the kernel.
    private readonly FileStream _lock;

    // Records framed but not yet written to the file: bytes [0, _staged) of the buffer belong at file offset
    // _stagedFrom. The length words in the buffer stay zero until Publish; _stagedLengths holds them meanwhile.
    // Pinned (pinned object heap) so the append path can use a pointer; allocated once per writer.
    private readonly byte[] _staging;
    private readonly byte* _stagingAddress;
    private readonly int[] _stagedLengths;
    private int _staged;
    private int _stagedCount;
    private int _stagedFrom;

    // The current segment: its file, where the next record goes (staged or not), and where appends must stop
    // so the end-of-segment marker always fits.
    private SafeFileHandle? _file;
    private string _segmentPath = string.Empty;
    private int _position;
    private int _limit;
    private long _segmentIndex;

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
        _staging = GC.AllocateArray<byte>(StagingCapacity, pinned: true);
        _stagingAddress = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_staging));
        _stagedLengths = new int[(StagingCapacity / RecordDescriptor.HeaderLength) + 1];
        Recovery = recovered.Report;
        _nextSequence = recovered.NextSequence;
        _durable.Value = recovered.NextSequence - 1;
        if (recovered.Tail is { } tail)
        {
            // Recovery hands over the tail mapped (it may have repaired it through the mapping, and synced that);
            // the writer only needs the file.
            string path = tail.File.Path;
            int length = tail.Length;
            tail.Dispose();
            Attach(OpenSegment(path), path, length, tail.File.Index, recovered.TailPosition);
        }
        else
        {
            string path = CreateSegment(recovered.NextSegmentIndex, recovered.NextSequence);
            Attach(OpenSegment(path), path, _options.SegmentSize, recovered.NextSegmentIndex, SegmentDescriptor.HeaderLength);
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
    /// Appends one record; visible to tailers at the next <see cref="Commit"/> (or earlier, when the staging
    /// buffer fills), durable at that commit under <see cref="FsyncPolicy.PerBatch"/>, at once under
    /// <see cref="FsyncPolicy.EveryRecord"/>. Sequences must be contiguous.
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

        if (_staged + aligned > StagingCapacity)
        {
            if (aligned > StagingCapacity)
            {
                AppendDirect(sequence, templateId, venueTime, receiveTime, payload);
                return;
            }

            Publish();
        }

        byte* record = _stagingAddress + _staged;

        // The buffer is reused: clear the alignment padding (the last word) so the file gets zeros there.
        Unsafe.WriteUnaligned(record + aligned - sizeof(long), 0L);
        WriteHeader(record, sequence, templateId, venueTime, receiveTime);
        payload.CopyTo(new Span<byte>(record + RecordDescriptor.HeaderLength, payload.Length));

        // The checksum covers the length passed in, not the (still zero) length word in the buffer.
        Unsafe.WriteUnaligned(record + RecordDescriptor.ChecksumOffset, RecordChecksum.OfRecord(record, length));
        _stagedLengths[_stagedCount++] = length;
        _staged += aligned;
        _position += aligned;
        _nextSequence = sequence + 1;
        if (_policy == FsyncPolicy.EveryRecord)
        {
            SyncPending();
            Volatile.Write(ref _durable.Value, sequence);
        }
    }

    /// <summary>
    /// Ends a batch: writes the staged records to the file, syncs them (under <see cref="FsyncPolicy.PerBatch"/>)
    /// and then advances <see cref="DurableSequence"/>, so nothing is acknowledged before the policy made it durable.
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
        else
        {
            Publish();
        }

        Volatile.Write(ref _durable.Value, last);
    }

    public void Dispose()
    {
        if (_file is null)
        {
            return;
        }

        Commit();
        _file.Dispose();
        _file = null;
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

    /// <summary>
    /// Writes the staged records to the file in the two steps the publication protocol needs (see the class
    /// remarks): all bytes with zero length words, a fence, then the same bytes with the length words.
    /// </summary>
    private void Publish()
    {
        if (_staged == 0)
        {
            return;
        }

        RandomAccess.Write(_file!, new ReadOnlySpan<byte>(_stagingAddress, _staged), _stagedFrom);

        // The kernel's copy uses string stores, which other CPUs may see out of order: the fence makes every byte of
        // the first write visible before any length word of the second.
        Interlocked.MemoryBarrier();
        int offset = 0;
        int lastOffset = 0;
        for (int i = 0; i < _stagedCount; i++)
        {
            int length = _stagedLengths[i];
            Unsafe.WriteUnaligned(_stagingAddress + offset, length);
            lastOffset = offset;
            offset += RecordDescriptor.Align(length);
        }

        // The second write stops after the last length word: the bytes after it are already in the file.
        RandomAccess.Write(_file!, new ReadOnlySpan<byte>(_stagingAddress, lastOffset + sizeof(int)), _stagedFrom);
        _staged = 0;
        _stagedCount = 0;
        _stagedFrom = _position;
    }

    /// <summary>
    /// Writes a record too large for the staging buffer straight to the file, with the same protocol: header and
    /// payload with a zero length word, a fence, then the length word.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendDirect(long sequence, int templateId, long venueTime, long receiveTime, ReadOnlySpan<byte> payload)
    {
        Publish();
        int length = RecordDescriptor.HeaderLength + payload.Length;
        Span<byte> header = stackalloc byte[RecordDescriptor.HeaderLength];
        fixed (byte* record = header)
        fixed (byte* data = payload)
        {
            WriteHeader(record, sequence, templateId, venueTime, receiveTime);

            // The same CRC as RecordChecksum.OfRecord over a contiguous record: length word, header rest, payload.
            uint crc = BitOperations.Crc32C(0xFFFFFFFFu, (uint)length);
            crc = RecordChecksum.Update(crc, record + RecordDescriptor.SequenceOffset, RecordDescriptor.HeaderLength - RecordDescriptor.SequenceOffset);
            crc = RecordChecksum.Update(crc, data, payload.Length);
            Unsafe.WriteUnaligned(record + RecordDescriptor.ChecksumOffset, ~crc);
        }

        // The alignment padding after the payload is already zero: the segment is zero-filled past the last record.
        RandomAccess.Write(_file!, header, _position);
        RandomAccess.Write(_file!, payload, _position + RecordDescriptor.HeaderLength);
        Interlocked.MemoryBarrier();
        Span<byte> lengthWord = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(lengthWord, length);
        RandomAccess.Write(_file!, lengthWord, _position);
        _position += RecordDescriptor.Align(length);
        _stagedFrom = _position;
        _nextSequence = sequence + 1;
        if (_policy == FsyncPolicy.EveryRecord)
        {
            SyncPending();
            Volatile.Write(ref _durable.Value, sequence);
        }
    }

    /// <summary>A record header with a zero length word (published later) and no checksum yet.</summary>
    private static void WriteHeader(byte* record, long sequence, int templateId, long venueTime, long receiveTime)
    {
        Unsafe.WriteUnaligned(record + RecordDescriptor.LengthOffset, 0);
        Unsafe.WriteUnaligned(record + RecordDescriptor.SequenceOffset, sequence);
        Unsafe.WriteUnaligned(record + RecordDescriptor.VenueTimeOffset, venueTime);
        Unsafe.WriteUnaligned(record + RecordDescriptor.ReceiveTimeOffset, receiveTime);
        Unsafe.WriteUnaligned(record + RecordDescriptor.TemplateIdOffset, templateId);
        Unsafe.WriteUnaligned(record + RecordDescriptor.ReservedOffset, 0);
    }

    /// <summary>Writes what is staged and makes everything appended to the current segment durable.</summary>
    private void SyncPending()
    {
        Publish();
        if (_position > _syncedPosition)
        {
            FileDurability.DataSync(_file!, _segmentPath);
            _syncedPosition = _position;
        }
    }

    /// <summary>
    /// Moves to the next segment. Order matters for readers and recovery: the records are in the file (and synced,
    /// by the policy) and the new segment is complete and in place before the end marker tells readers to go there.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Roll()
    {
        if (_file is null)
        {
            JournalThrow.Disposed();
        }

        if (_policy != FsyncPolicy.None)
        {
            SyncPending();
        }
        else
        {
            Publish();
        }

        string nextPath = CreateSegment(_segmentIndex + 1, _nextSequence);
        SafeFileHandle next = OpenSegment(nextPath);
        Span<byte> marker = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(marker, RecordDescriptor.EndOfSegmentLength);
        RandomAccess.Write(_file, marker, _position);
        if (_policy != FsyncPolicy.None)
        {
            FileDurability.DataSync(_file, _segmentPath);
        }

        _file.Dispose();
        Attach(next, nextPath, _options.SegmentSize, _segmentIndex + 1, SegmentDescriptor.HeaderLength);
    }

    private void Attach(SafeFileHandle file, string path, int segmentLength, long index, int position)
    {
        _file = file;
        _segmentPath = path;
        _segmentIndex = index;
        _position = position;
        _stagedFrom = position;
        _syncedPosition = position;
        _limit = segmentLength - RecordDescriptor.EndOfSegmentReserve;
    }

    /// <summary>
    /// Opens a segment for appending. Shared like the readers' mappings: readers map the segment being written,
    /// and retention may delete a file someone still has open.
    /// </summary>
    private static SafeFileHandle OpenSegment(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>
    /// Creates a segment as a temporary file (pre-allocated, header written) and renames it into place; returns
    /// its path.
    /// </summary>
    private string CreateSegment(long index, long baseSequence)
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

        return path;
    }
}
