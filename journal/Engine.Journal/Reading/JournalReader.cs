using System.Runtime.CompilerServices;
using Engine.Journal.Format;
using Engine.Journal.Segments;

namespace Engine.Journal.Reading;

/// <summary>
/// Reads a journal in sequence order across plain and archived segments, verifying every record's CRC32C and
/// the continuity of sequences. A torn tail (damage at the very end with nothing valid after it) ends the read
/// and is reported in <see cref="TornTail"/>; damage anywhere else throws <see cref="JournalCorruptionException"/>
/// with file, offset and sequence. In follow mode (see <see cref="JournalTailer"/>) reaching the end is not final:
/// the next call sees what the writer appended since, even from another process.
/// Owned by one thread. Reading a record allocates nothing (moving to the next segment does).
/// <para>
/// A one-pass reader copies plain segments through a <see cref="SegmentWindow"/> (see there for why); a
/// following reader reads the mapping, where the writer's publications appear without a system call.
/// </para>
/// </summary>
public sealed unsafe class JournalReader : IDisposable
{
    // In follow mode an unmarked segment end is re-checked only every this many empty polls: only a writer
    // crash between creating a segment and marking the previous one leaves one, and the check is a syscall.
    private const int FollowMissingMarkerCheckInterval = 4096;

    private readonly string _directory;
    private readonly bool _follow;
    private readonly SequenceIndex _index = new();
    private IReadOnlyList<SegmentFile> _segments;
    private readonly SegmentWindow? _window;
    private SegmentImage? _current;
    private long _segmentIndex;
    private int _offset;

    // Where the current segment's bytes are read from: _base + offset addresses file offset `offset` for offsets
    // below _limit (the mapping or archive image: its whole length; the window: its end). _end is where the
    // segment's bytes end (its length, or less when the file turned out shorter than when it was opened).
    private byte* _base;
    private int _limit;
    private int _end;
    private long _nextSequence = -1;
    private int _emptyPolls;

    internal JournalReader(string directory, bool follow)
    {
        _directory = directory;
        _follow = follow;
        _window = follow ? null : new SegmentWindow();
        _segments = follow ? JournalDirectory.List(directory) : JournalDirectory.ListExisting(directory);
        _segmentIndex = _segments.Count > 0 ? _segments[0].Index : 0;
    }

    /// <summary>Opens a journal for reading from its first record.</summary>
    public static JournalReader Open(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return new JournalReader(directory, follow: false);
    }

    public string Directory => _directory;

    /// <summary>The segments found when the reader opened (or last refreshed, in follow mode).</summary>
    public IReadOnlyList<SegmentFile> Segments => _segments;

    /// <summary>The sequence the next record will carry (-1 until the first segment is opened).</summary>
    public long NextSequence => _nextSequence;

    /// <summary>Set when the read ended at a torn tail.</summary>
    public TornTail? TornTail { get; private set; }

    public SequenceIndex Index => _index;

    /// <summary>Reads the next record; false at the end of the journal (or, following, of what is written so far).</summary>
    public bool TryRead(out JournalRecord record)
    {
        while (true)
        {
            if (_current is null && !OpenCurrent())
            {
                record = default;
                return false;
            }

            SegmentImage current = _current!;
            RecordStatus status = RecordValidator.Check(_base, _limit, _offset, _nextSequence, out int length);
            if (status == RecordStatus.Valid)
            {
                record = Materialize(current, length);
                return true;
            }

            if (_limit < _end && PastWindow(status, length))
            {
                Refill(current, length);
                continue;
            }

            if (status == RecordStatus.EndOfSegment || (status == RecordStatus.Empty && NextSegmentExists() && StillEmpty()))
            {
                MoveToNextSegment();
                continue;
            }

            if (status == RecordStatus.Invalid)
            {
                HandleInvalid(current);
            }

            record = default;
            return false;
        }
    }

    /// <summary>
    /// Positions the reader so the next record read is <paramref name="sequence"/> (or, one past the last record,
    /// the next one appended). Returns false when the journal ends before it (the reader is then at the end).
    /// Throws when the sequence was removed by retention.
    /// </summary>
    public bool Seek(long sequence)
    {
        RefreshSegments();
        if (_segments.Count == 0)
        {
            return false;
        }

        for (int i = _index.SegmentCount; i < _segments.Count; i++)
        {
            _index.AddSegment(_segments[i].Index, ReadBaseSequence(_segments[i]));
        }

        if (!_index.TryFindSegment(sequence, out long segmentIndex) || segmentIndex < _segments[0].Index)
        {
            throw new ArgumentOutOfRangeException(
                nameof(sequence), $"{_directory}: sequence {sequence} is before the first record still in the journal (segment {_segments[0].Index})");
        }

        CloseCurrent();
        _segmentIndex = segmentIndex;
        _nextSequence = -1;
        if (!OpenCurrent())
        {
            return false;
        }

        if (_index.TryFindFloor(sequence, out long floorSequence, out JournalPosition position) &&
            position.SegmentIndex == segmentIndex && floorSequence > _nextSequence)
        {
            _offset = position.Offset;
            _nextSequence = floorSequence;
            ReadFrom(_current!);
        }

        while (_nextSequence < sequence)
        {
            if (!TryRead(out _))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose() => CloseCurrent();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private JournalRecord Materialize(SegmentImage current, int length)
    {
        byte* address = _base + _offset;
        var position = new JournalPosition(current.File.Index, _offset);
        var record = new JournalRecord(
            _nextSequence,
            Unsafe.ReadUnaligned<int>(address + RecordDescriptor.TemplateIdOffset),
            Unsafe.ReadUnaligned<long>(address + RecordDescriptor.VenueTimeOffset),
            Unsafe.ReadUnaligned<long>(address + RecordDescriptor.ReceiveTimeOffset),
            Unsafe.ReadUnaligned<uint>(address + RecordDescriptor.ChecksumOffset),
            position,
            new ReadOnlySpan<byte>(address + RecordDescriptor.HeaderLength, length - RecordDescriptor.HeaderLength));
        _index.OnRecord(_nextSequence, position);
        _offset += RecordDescriptor.Align(length);
        _nextSequence++;
        _emptyPolls = 0;
        return record;
    }

    private bool OpenCurrent()
    {
        SegmentFile? file = FindSegment(_segmentIndex);
        if (file is null)
        {
            return false;
        }

        SegmentImage image;
        try
        {
            image = SegmentImage.Open(file);
        }
        catch (FileNotFoundException)
        {
            // Archived (or removed by retention) between listing and opening: list again, once.
            RefreshSegments();
            file = FindSegment(_segmentIndex);
            if (file is null)
            {
                return false;
            }

            image = SegmentImage.Open(file);
        }

        SegmentHeader header = image.Header;
        if (header.SegmentIndex != file.Index)
        {
            image.Dispose();
            throw new JournalFormatException($"{file.Path}: header says segment {header.SegmentIndex}, the file name says {file.Index}");
        }

        if (_nextSequence >= 0 && header.BaseSequence != _nextSequence)
        {
            image.Dispose();
            throw new JournalCorruptionException(
                file.Path, SegmentDescriptor.HeaderLength, _nextSequence, $"segment starts at sequence {header.BaseSequence}, the previous segment ends at {_nextSequence - 1}");
        }

        _nextSequence = header.BaseSequence;
        _offset = SegmentDescriptor.HeaderLength;
        _current = image;
        ReadFrom(image);
        _index.AddSegment(file.Index, header.BaseSequence);
        return true;
    }

    /// <summary>Reads <paramref name="image"/> from <see cref="_offset"/> on: through the window when it is a plain segment read once.</summary>
    private void ReadFrom(SegmentImage image)
    {
        _end = image.Length;
        if (_window is not null && image.Mapped is not null)
        {
            _window.Reset(_offset);
            _base = _window.Base;
            _limit = _window.End;
        }
        else
        {
            _base = image.Address;
            _limit = image.Length;
        }
    }

    /// <summary>
    /// Whether the check failed only because the record at <see cref="_offset"/> runs past the window: its length
    /// word is not in it, or the record it announces does not end in it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool PastWindow(RecordStatus status, int length) =>
        _limit - _offset < RecordDescriptor.Alignment || (status == RecordStatus.Invalid && length > _limit - _offset);

    /// <summary>
    /// Moves the window to start at the record at <see cref="_offset"/>. A record longer than the window (rare: a
    /// quarter of a MiB) is read through the mapping, as is the rest of its segment.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refill(SegmentImage current, int length)
    {
        if (length > SegmentWindow.Capacity)
        {
            _base = current.Address;
            _limit = current.Length;
            return;
        }

        int reached = _window!.Fill(current.Mapped!.Handle, _offset, current.Length);
        if (reached < Math.Min(_offset + SegmentWindow.Capacity, current.Length))
        {
            // The file is shorter than when it was mapped (truncated under the reader): what was read is all there is.
            _end = reached;
        }

        _base = _window.Base;
        _limit = reached;
    }

    private SegmentFile? FindSegment(long index)
    {
        if (_segments.Count == 0 || index > _segments[^1].Index)
        {
            if (!_follow)
            {
                return null;
            }

            RefreshSegments();
            if (_segments.Count == 0 || index > _segments[^1].Index)
            {
                return null;
            }
        }

        long slot = index - _segments[0].Index;
        if (slot < 0)
        {
            throw new JournalFormatException($"{_directory}: segment {index} was removed (retention) while the reader needed it");
        }

        return _segments[(int)slot];
    }

    private bool NextSegmentExists()
    {
        if (!_follow)
        {
            return _segmentIndex < _segments[^1].Index;
        }

        if (++_emptyPolls % FollowMissingMarkerCheckInterval != 0)
        {
            return false;
        }

        RefreshSegments();
        return _segments.Count > 0 && _segmentIndex < _segments[^1].Index;
    }

    /// <summary>
    /// After a later segment was found behind an empty slot: whether the slot is still empty. Following a live
    /// writer, records (and the end marker) may have been published between reading the slot and listing the
    /// directory; moving on then would skip them. Following always reads through the mapping, so this sees them.
    /// </summary>
    private bool StillEmpty() =>
        !_follow || RecordValidator.Check(_base, _limit, _offset, _nextSequence, out _) == RecordStatus.Empty;

    private void MoveToNextSegment()
    {
        CloseCurrent();
        _segmentIndex++;
    }

    private void CloseCurrent()
    {
        _current?.Dispose();
        _current = null;
    }

    private void RefreshSegments() => _segments = JournalDirectory.List(_directory);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HandleInvalid(SegmentImage current)
    {
        string reason = RecordValidator.Explain(current.Address, current.Length, _offset, _nextSequence);
        bool laterRecord = RecordValidator.TryFindRecordAfter(
            current.Address, current.Length, _offset + RecordDescriptor.Alignment, _nextSequence, out int foundOffset, out long foundSequence);
        if (_follow)
        {
            RefreshSegments();
        }

        bool isLast = _segments.Count == 0 || _segmentIndex >= _segments[^1].Index;
        if (!laterRecord && isLast)
        {
            TornTail = new TornTail(current.File.Path, _offset, _nextSequence, reason);
            return;
        }

        string detail = laterRecord
            ? $"{reason}, and a valid record (sequence {foundSequence}) follows at offset {foundOffset}"
            : $"{reason}, in a segment that is not the last";
        throw new JournalCorruptionException(current.File.Path, _offset, _nextSequence, detail);
    }

    private static long ReadBaseSequence(SegmentFile file)
    {
        if (file.Compressed)
        {
            return SegmentCompression.ReadIdentity(file.Path).BaseSequence;
        }

        Span<byte> header = stackalloc byte[SegmentDescriptor.HeaderLength];
        using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return SegmentHeader.Read(header[..read], file.Path, stream.Length).BaseSequence;
    }
}
