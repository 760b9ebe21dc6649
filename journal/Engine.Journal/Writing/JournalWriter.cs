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
/// <see cref="Commit"/> (or a full buffer) writes the staged records to the file and, under
/// <see cref="FsyncPolicy.PerBatch"/>, syncs them with one <c>fdatasync</c>.
/// <list type="bullet">
/// <item>Normally the staged records go with <c>pwrite</c>. Writing through a shared writable mapping instead costs
/// a page fault and a zero-fill per fresh page, and every sync must write-protect each page dirtied since the last
/// one again (one TLB-shootdown IPI per page), after which the next store faults. Measured on the 2-core VM: at
/// 4,096 records per sync, 0.67 M records/s through a mapping against 3.2 M/s with <c>pwrite</c>; without syncs, in
/// 256-record commits, 5-6 M/s against 11-13 M/s, even with the pages faulted in ahead.</item>
/// <item>Under <see cref="FsyncPolicy.None"/>, a commit of at most <see cref="MappedCommitLimit"/> bytes is copied
/// into a writable mapping of the segment instead: no system call, but for two <c>madvise</c> calls per
/// <see cref="MapAheadBytes"/>. Such small commits are what a live engine makes (one or a few inputs per commit, and
/// the BLP waits for each), and a <c>pwrite</c> costs about 1.6 µs on that VM in entry and exit alone, two per
/// commit. The writer faults the next <see cref="MapAheadBytes"/> of the mapping in with one <c>madvise</c> (a store
/// fault per page costs more) before the commits need them: in <see cref="PrepareAhead"/>, which the pipeline calls
/// once a batch has been handed on, or else on the commit that reaches past what is mapped. It also drops its page
/// table entries for the pages before the commit, so writeback finds at most a few hundred KiB of pages the writer
/// still maps. Both
/// ways write the same bytes into the same page cache; readers cannot tell them apart. One difference in failure:
/// an I/O error on a page the writer stores to (a full disk under a sparse file, a file truncated by someone else)
/// arrives as SIGBUS and ends the process, where <c>pwrite</c> would throw; the segment is preallocated so the first
/// cannot happen on a filesystem that honours preallocation.</item>
/// </list>
/// </para>
/// <para>
/// Publication (what readers, in this process or another one mapping the same file, may see): a reader that
/// sees a positive length word must see the whole record. A single <c>pwrite</c> does not promise the order in
/// which other CPUs see its bytes, and copies the length word (at the start of a record) first anyway. So each
/// group of staged records is written twice: first with every length word zero (readers see the end of the
/// journal), then, after a fence, with the length words. Through the mapping, the same: the bytes with zero length
/// words, a fence, then each length word stored with release semantics. A crash before the length words leaves
/// length-less records after the last complete one, which recovery treats as a torn tail, never as damage in the
/// middle.
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
public sealed unsafe partial class JournalWriter : IDisposable
{
    /// <summary>
    /// Bytes staged between two writes to the file: well over a 256-record batch of the largest usual records, and
    /// small enough to stay in the L2 cache. A record larger than this is written on its own (see AppendDirect).
    /// </summary>
    internal const int StagingCapacity = 256 * 1024;

    /// <summary>
    /// The largest commit written through the mapping (FsyncPolicy.None): a live engine's commits, one or a few
    /// inputs, fit. Measured on the 2-core VM (<c>journal-stage</c>, the ring fed as fast as it takes, fsync none,
    /// back to back with the pwrite-only writer at 10.7-11.3 M records/s): 9.8 M/s with an 8 KiB limit and
    /// 10.6-10.8 M/s with 2 KiB. Under load the mapping's page faulting and TLB shootdowns cost more than the two
    /// system calls they save once a commit holds more than a dozen records; bulk commits keep <c>pwrite</c>.
    /// </summary>
    internal const int MappedCommitLimit = 2 * 1024;

    /// <summary>Bytes of the mapping faulted in per <c>madvise</c> ahead of a mapped commit.</summary>
    internal const int MapAheadBytes = 256 * 1024;

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

    // FsyncPolicy.None: the writable mapping of the current segment, for small commits. Pages of
    // [_releasedEnd, _populatedEnd) may be in the writer's page tables; a commit reaching past _populatedEnd maps
    // the next stretch first.
    private readonly bool _commitsThroughMapping;
    private MappedSegmentFile? _mapping;
    private int _populatedEnd;
    private int _releasedEnd;

    // Whether the last commit went through the mapping: only then is mapping ahead worth its cost (bulk commits
    // go with pwrite, and faulting pages in for them would only slow them down).
    private bool _lastCommitMapped;

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
        _commitsThroughMapping = _policy == FsyncPolicy.None;
        _staging = GC.AllocateArray<byte>(StagingCapacity, pinned: true);
        _stagingAddress = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_staging));
        _stagedLengths = new int[(StagingCapacity / RecordDescriptor.HeaderLength) + 1];
        Recovery = recovered.Report;
        _nextSequence = recovered.NextSequence;
        _durable.Value = recovered.NextSequence - 1;
        if (recovered.Tail is { } tail)
        {
            // Recovery hands over the tail mapped (it may have repaired it through the mapping, and synced that).
            // The writer opens its own file, and under FsyncPolicy.None its own mapping (Attach).
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
    public void Append(long sequence, int templateId, long exchangeTime, long engineTime, ReadOnlySpan<byte> payload)
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
                AppendDirect(sequence, templateId, exchangeTime, engineTime, payload);
                return;
            }

            Publish();
        }

        byte* record = _stagingAddress + _staged;

        // The buffer is reused: clear the alignment padding (the last word) so the file gets zeros there.
        Unsafe.WriteUnaligned(record + aligned - sizeof(long), 0L);
        WriteHeader(record, sequence, templateId, exchangeTime, engineTime);
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

    /// <summary>
    /// Housekeeping for when the writer's thread has handed its last commit on (the ring's journaller calls it after
    /// publishing a batch; the shared pipeline after the BLP applied it): under <see cref="FsyncPolicy.None"/>, faults
    /// in the mapping the next small commits will need, so that no commit has to wait for it. Does nothing when
    /// there is nothing to do, which is almost always, and while commits are large enough to go with pwrite.
    /// </summary>
    public void PrepareAhead()
    {
        if (_lastCommitMapped && _mapping is { } mapping && _staged == 0 && _populatedEnd < mapping.Length && _position + MappedCommitLimit > _populatedEnd)
        {
            MapAhead(_position + MappedCommitLimit);
        }
    }

    public void Dispose()
    {
        if (_file is null)
        {
            return;
        }

        try
        {
            Commit();
        }
        finally
        {
            _mapping?.Dispose();
            _mapping = null;
            _file.Dispose();
            _file = null;
            _lock.Dispose();
        }

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
}
