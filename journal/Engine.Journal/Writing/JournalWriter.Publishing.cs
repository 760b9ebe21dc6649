using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Journal.Format;
using Engine.Journal.Segments;

namespace Engine.Journal.Writing;

/// <summary>Getting staged records to the file under the publication protocol: pwrite or the mapping, zero length words first, a fence, then the length words.</summary>
public sealed unsafe partial class JournalWriter
{
    /// <summary>
    /// Writes the staged records to the file in the two steps the publication protocol needs (see the class
    /// remarks): all bytes with zero length words, a fence, then the length words. A small commit under
    /// FsyncPolicy.None goes through the mapping, any other with <c>pwrite</c>.
    /// </summary>
    private void Publish()
    {
        if (_staged == 0)
        {
            return;
        }

        _lastCommitMapped = _staged <= MappedCommitLimit && _mapping is not null;
        if (_lastCommitMapped)
        {
            PublishThroughMapping();
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
    /// The small-commit path: copies the staged bytes (length words still zero) into the mapping, fences, and stores
    /// each length word with release semantics, so a reader that sees one sees its whole record.
    /// </summary>
    private void PublishThroughMapping()
    {
        int end = _stagedFrom + _staged;
        if (end > _populatedEnd)
        {
            MapAhead(end);
        }

        byte* target = _mapping!.Address + _stagedFrom;
        Buffer.MemoryCopy(_stagingAddress, target, _staged, _staged);

        // The copy may use string stores, which other CPUs may see out of order (see Publish).
        Interlocked.MemoryBarrier();
        int offset = 0;
        for (int i = 0; i < _stagedCount; i++)
        {
            int length = _stagedLengths[i];
            Volatile.Write(ref Unsafe.AsRef<int>(target + offset), length);
            offset += RecordDescriptor.Align(length);
        }

        _staged = 0;
        _stagedCount = 0;
        _stagedFrom = _position;
    }

    /// <summary>
    /// Faults in the mapping's pages from the commit's first page (or where the last call stopped, if later) through
    /// at least <paramref name="end"/> and <see cref="MapAheadBytes"/> more, so the copy does not fault one page at a
    /// time. Drops the pages wholly before the commit from the writer's page tables: the writer never stores to them
    /// again, and writeback then has no writable mapping of them to protect.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MapAhead(int end)
    {
        MappedSegmentFile mapping = _mapping!;
        int pageMask = PageAdvice.PageSize - 1;
        int firstPage = _stagedFrom & ~pageMask;
        int from = Math.Max(_populatedEnd, firstPage);
        int to = Math.Min(mapping.Length, (Math.Max(end, from + MapAheadBytes) + pageMask) & ~pageMask);
        PageAdvice.Populate(mapping.Address + from, to - from);
        _populatedEnd = to;
        if (firstPage > _releasedEnd)
        {
            PageAdvice.Release(mapping.Address + _releasedEnd, firstPage - _releasedEnd);
            _releasedEnd = firstPage;
        }
    }

    /// <summary>
    /// Writes a record too large for the staging buffer straight to the file, with the same protocol: header and
    /// payload with a zero length word, a fence, then the length word.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AppendDirect(long sequence, int templateId, long exchangeTime, long engineTime, ReadOnlySpan<byte> payload)
    {
        Publish();
        int length = RecordDescriptor.HeaderLength + payload.Length;
        Span<byte> header = stackalloc byte[RecordDescriptor.HeaderLength];
        fixed (byte* record = header)
        fixed (byte* data = payload)
        {
            WriteHeader(record, sequence, templateId, exchangeTime, engineTime);

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
    private static void WriteHeader(byte* record, long sequence, int templateId, long exchangeTime, long engineTime)
    {
        Unsafe.WriteUnaligned(record + RecordDescriptor.LengthOffset, 0);
        Unsafe.WriteUnaligned(record + RecordDescriptor.SequenceOffset, sequence);
        Unsafe.WriteUnaligned(record + RecordDescriptor.VenueTimeOffset, exchangeTime);
        Unsafe.WriteUnaligned(record + RecordDescriptor.ReceiveTimeOffset, engineTime);
        Unsafe.WriteUnaligned(record + RecordDescriptor.TemplateIdOffset, templateId);
        Unsafe.WriteUnaligned(record + RecordDescriptor.ReservedOffset, 0);
    }
}
