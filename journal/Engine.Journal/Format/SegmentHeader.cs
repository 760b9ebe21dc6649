using System.Buffers.Binary;

namespace Engine.Journal.Format;

/// <summary>The decoded, validated header of a segment (see <see cref="SegmentDescriptor"/>).</summary>
public readonly record struct SegmentHeader(
    int FormatVersion,
    int SchemaId,
    int SchemaVersion,
    long SegmentIndex,
    long BaseSequence,
    long SegmentSize)
{
    public void Write(Span<byte> destination)
    {
        destination[..SegmentDescriptor.HeaderLength].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(destination[SegmentDescriptor.MagicOffset..], SegmentDescriptor.Magic);
        BinaryPrimitives.WriteInt32LittleEndian(destination[SegmentDescriptor.FormatVersionOffset..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(destination[SegmentDescriptor.HeaderLengthOffset..], SegmentDescriptor.HeaderLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[SegmentDescriptor.SchemaIdOffset..], SchemaId);
        BinaryPrimitives.WriteInt32LittleEndian(destination[SegmentDescriptor.SchemaVersionOffset..], SchemaVersion);
        BinaryPrimitives.WriteInt64LittleEndian(destination[SegmentDescriptor.SegmentIndexOffset..], SegmentIndex);
        BinaryPrimitives.WriteInt64LittleEndian(destination[SegmentDescriptor.BaseSequenceOffset..], BaseSequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[SegmentDescriptor.SegmentSizeOffset..], SegmentSize);
        uint crc = RecordChecksum.Compute(destination[..SegmentDescriptor.HeaderChecksumOffset]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SegmentDescriptor.HeaderChecksumOffset..], crc);
    }

    /// <summary>
    /// Reads and validates a header; <paramref name="file"/> names the file in the error, which says exactly what is
    /// wrong: not a journal segment, written by a newer engine, damaged header.
    /// </summary>
    public static SegmentHeader Read(ReadOnlySpan<byte> source, string file, long fileLength)
    {
        if (source.Length < SegmentDescriptor.HeaderLength)
        {
            throw new JournalFormatException($"{file}: not a journal segment (only {source.Length} bytes, a segment header has {SegmentDescriptor.HeaderLength})");
        }

        long magic = BinaryPrimitives.ReadInt64LittleEndian(source[SegmentDescriptor.MagicOffset..]);
        if (magic != SegmentDescriptor.Magic)
        {
            throw new JournalFormatException($"{file}: not a journal segment (bad magic 0x{magic:X16} at offset 0)");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(source[SegmentDescriptor.FormatVersionOffset..]);
        if (version > SegmentDescriptor.CurrentFormatVersion || version < 1)
        {
            throw new JournalFormatException(
                $"{file}: journal format version {version} is not supported (this engine reads versions 1 to {SegmentDescriptor.CurrentFormatVersion}; upgrade the engine)");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(source[SegmentDescriptor.HeaderChecksumOffset..]);
        uint actual = RecordChecksum.Compute(source[..SegmentDescriptor.HeaderChecksumOffset]);
        if (stored != actual)
        {
            throw new JournalFormatException(
                $"{file}: segment header is damaged (CRC32C 0x{actual:X8}, stored 0x{stored:X8}); run 'engine journal repair {Path.GetDirectoryName(file)}' to end the journal before it");
        }

        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(source[SegmentDescriptor.HeaderLengthOffset..]);
        long size = BinaryPrimitives.ReadInt64LittleEndian(source[SegmentDescriptor.SegmentSizeOffset..]);
        if (headerLength != SegmentDescriptor.HeaderLength || size < SegmentDescriptor.MinSegmentSize || size > SegmentDescriptor.MaxSegmentSize)
        {
            throw new JournalFormatException($"{file}: segment header is inconsistent (header length {headerLength}, segment size {size})");
        }

        if (fileLength >= 0 && fileLength != size)
        {
            throw new JournalFormatException(
                $"{file}: file is {fileLength} bytes but its header says {size} (truncated?); run 'engine journal repair {Path.GetDirectoryName(file)}' to restore its size and cut the journal where its records end");
        }

        return new SegmentHeader(
            version,
            BinaryPrimitives.ReadInt32LittleEndian(source[SegmentDescriptor.SchemaIdOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[SegmentDescriptor.SchemaVersionOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[SegmentDescriptor.SegmentIndexOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[SegmentDescriptor.BaseSequenceOffset..]),
            size);
    }
}
