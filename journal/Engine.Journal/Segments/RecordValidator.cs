using System.Runtime.CompilerServices;
using Engine.Journal.Format;

namespace Engine.Journal.Segments;

/// <summary>
/// Checks records in a segment image: the one place that decides whether bytes are a valid record. The hot
/// check only compares; explaining a failure is a separate, rare call.
/// </summary>
internal static unsafe class RecordValidator
{
    /// <summary>Checks the record at <paramref name="offset"/> of a segment whose data ends at <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RecordStatus Check(byte* segment, int limit, int offset, long expectedSequence, out int length)
    {
        if (limit - offset < RecordDescriptor.Alignment)
        {
            length = 0;
            return RecordStatus.Empty;
        }

        byte* record = segment + offset;
        length = Volatile.Read(ref *(int*)record);
        if (length == 0)
        {
            return RecordStatus.Empty;
        }

        if (length == RecordDescriptor.EndOfSegmentLength)
        {
            return RecordStatus.EndOfSegment;
        }

        if (length < RecordDescriptor.HeaderLength || length > limit - offset)
        {
            return RecordStatus.Invalid;
        }

        if (Unsafe.ReadUnaligned<uint>(record + RecordDescriptor.ChecksumOffset) != RecordChecksum.OfRecord(record, length) ||
            Unsafe.ReadUnaligned<long>(record + RecordDescriptor.SequenceOffset) != expectedSequence)
        {
            return RecordStatus.Invalid;
        }

        return RecordStatus.Valid;
    }

    /// <summary>Why the record at <paramref name="offset"/> is invalid, in words (rare path).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Explain(byte* segment, int limit, int offset, long expectedSequence)
    {
        byte* record = segment + offset;
        int length = *(int*)record;
        if (length < RecordDescriptor.HeaderLength || length > limit - offset)
        {
            return $"impossible length {length} (a record has {RecordDescriptor.HeaderLength} to {limit - offset} bytes here)";
        }

        uint stored = Unsafe.ReadUnaligned<uint>(record + RecordDescriptor.ChecksumOffset);
        uint actual = RecordChecksum.OfRecord(record, length);
        if (stored != actual)
        {
            return $"CRC32C mismatch (computed 0x{actual:X8}, stored 0x{stored:X8})";
        }

        long sequence = Unsafe.ReadUnaligned<long>(record + RecordDescriptor.SequenceOffset);
        return $"sequence {sequence} breaks continuity";
    }

    /// <summary>
    /// Looks for any well-formed record (plausible length, valid checksum, sequence at least
    /// <paramref name="minSequence"/>) at an aligned offset in [from, limit). Finding one after a bad record means
    /// the bad record is not a torn tail but damage in the middle of the journal.
    /// </summary>
    public static bool TryFindRecordAfter(byte* segment, int limit, int from, long minSequence, out int foundOffset, out long foundSequence)
    {
        int position = RecordDescriptor.Align(from);
        while (limit - position >= RecordDescriptor.HeaderLength)
        {
            int nonZero = new ReadOnlySpan<byte>(segment + position, limit - position).IndexOfAnyExcept((byte)0);
            if (nonZero < 0)
            {
                break;
            }

            position = (position + nonZero) & ~(RecordDescriptor.Alignment - 1);
            if (limit - position < RecordDescriptor.HeaderLength)
            {
                break;
            }

            byte* record = segment + position;
            int length = *(int*)record;
            if (length >= RecordDescriptor.HeaderLength && length <= limit - position &&
                Unsafe.ReadUnaligned<uint>(record + RecordDescriptor.ChecksumOffset) == RecordChecksum.OfRecord(record, length))
            {
                long sequence = Unsafe.ReadUnaligned<long>(record + RecordDescriptor.SequenceOffset);
                if (sequence >= minSequence)
                {
                    foundOffset = position;
                    foundSequence = sequence;
                    return true;
                }
            }

            position += RecordDescriptor.Alignment;
        }

        foundOffset = -1;
        foundSequence = -1;
        return false;
    }

    /// <summary>The end of the last non-zero byte at or after <paramref name="from"/> (== from when all zero).</summary>
    public static int DirtyEnd(byte* segment, int limit, int from)
    {
        if (from >= limit)
        {
            return from;
        }

        int last = new ReadOnlySpan<byte>(segment + from, limit - from).LastIndexOfAnyExcept((byte)0);
        return last < 0 ? from : from + last + 1;
    }
}
