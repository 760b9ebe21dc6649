using System.Buffers.Binary;
using Engine.Journal.Durability;
using Engine.Journal.Format;
using K4os.Compression.LZ4;

namespace Engine.Journal.Segments;

/// <summary>
/// LZ4 archiving of closed segments and transparent decompression for readers. Archiving writes the archive to a
/// temporary file, syncs and renames it, and only then deletes the plain segment, so a crash at any point leaves
/// one complete copy (the directory listing prefers the plain file when both exist).
/// </summary>
public static class SegmentCompression
{
    /// <summary>Archives a closed plain segment whose used part ends at <paramref name="contentLength"/>; returns the archive path.</summary>
    public static string Compress(SegmentFile segment, int contentLength, LZ4Level level = LZ4Level.L00_FAST)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Compressed)
        {
            throw new ArgumentException($"{segment.Path} is already compressed", nameof(segment));
        }

        byte[] original = File.ReadAllBytes(segment.Path);
        SegmentHeader header = SegmentHeader.Read(original, segment.Path, original.Length);
        if (contentLength < SegmentDescriptor.HeaderLength || contentLength > original.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(contentLength), $"{segment.Path}: content length {contentLength} is outside the segment");
        }

        ReadOnlySpan<byte> content = original.AsSpan(0, contentLength);
        byte[] output = new byte[CompressedSegmentDescriptor.HeaderLength + LZ4Codec.MaximumOutputSize(contentLength)];
        int compressedLength = LZ4Codec.Encode(content, output.AsSpan(CompressedSegmentDescriptor.HeaderLength), level);
        if (compressedLength < 0)
        {
            throw new IOException($"{segment.Path}: LZ4 compression failed");
        }

        Span<byte> h = output.AsSpan(0, CompressedSegmentDescriptor.HeaderLength);
        BinaryPrimitives.WriteInt64LittleEndian(h[CompressedSegmentDescriptor.MagicOffset..], CompressedSegmentDescriptor.Magic);
        BinaryPrimitives.WriteInt32LittleEndian(h[CompressedSegmentDescriptor.FormatVersionOffset..], CompressedSegmentDescriptor.CurrentFormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(h[CompressedSegmentDescriptor.HeaderLengthOffset..], CompressedSegmentDescriptor.HeaderLength);
        BinaryPrimitives.WriteInt64LittleEndian(h[CompressedSegmentDescriptor.SegmentSizeOffset..], header.SegmentSize);
        BinaryPrimitives.WriteInt64LittleEndian(h[CompressedSegmentDescriptor.ContentLengthOffset..], contentLength);
        BinaryPrimitives.WriteInt64LittleEndian(h[CompressedSegmentDescriptor.CompressedLengthOffset..], compressedLength);
        BinaryPrimitives.WriteInt64LittleEndian(h[CompressedSegmentDescriptor.SegmentIndexOffset..], header.SegmentIndex);
        BinaryPrimitives.WriteInt64LittleEndian(h[CompressedSegmentDescriptor.BaseSequenceOffset..], header.BaseSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(h[CompressedSegmentDescriptor.ContentChecksumOffset..], RecordChecksum.Compute(content));
        BinaryPrimitives.WriteUInt32LittleEndian(h[CompressedSegmentDescriptor.HeaderChecksumOffset..], RecordChecksum.Compute(h[..CompressedSegmentDescriptor.HeaderChecksumOffset]));

        string directory = Path.GetDirectoryName(segment.Path) ?? ".";
        string target = Path.Combine(directory, SegmentDescriptor.CompressedFileName(segment.Index));
        string temporary = target + SegmentDescriptor.TemporaryFileExtension;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(output, 0, CompressedSegmentDescriptor.HeaderLength + compressedLength);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, target, overwrite: true);
        FileDurability.SyncDirectory(directory);
        File.Delete(segment.Path);
        FileDurability.SyncDirectory(directory);
        return target;
    }

    /// <summary>Reads the archive header only: index and base sequence without decompressing.</summary>
    public static (long SegmentIndex, long BaseSequence) ReadIdentity(string path)
    {
        Span<byte> h = stackalloc byte[CompressedSegmentDescriptor.HeaderLength];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        int read = stream.ReadAtLeast(h, h.Length, throwOnEndOfStream: false);
        ValidateHeader(h[..read], path, stream.Length);
        return (BinaryPrimitives.ReadInt64LittleEndian(h[CompressedSegmentDescriptor.SegmentIndexOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(h[CompressedSegmentDescriptor.BaseSequenceOffset..]));
    }

    /// <summary>
    /// Decompresses an archive into a new pinned buffer holding the used part of the segment followed by zeroes
    /// (so readers see the end as they would in the plain file); returns the buffer and the readable length.
    /// </summary>
    public static byte[] Decompress(string path, out int length)
    {
        byte[] file = File.ReadAllBytes(path);
        ValidateHeader(file, path, file.Length);
        long contentLength = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(CompressedSegmentDescriptor.ContentLengthOffset));
        long compressedLength = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(CompressedSegmentDescriptor.CompressedLengthOffset));
        long segmentSize = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(CompressedSegmentDescriptor.SegmentSizeOffset));
        if (contentLength < SegmentDescriptor.HeaderLength || contentLength > segmentSize || segmentSize > SegmentDescriptor.MaxSegmentSize ||
            compressedLength != file.Length - CompressedSegmentDescriptor.HeaderLength)
        {
            throw new JournalFormatException($"{path}: archive header is inconsistent (content {contentLength}, compressed {compressedLength}, file {file.Length} bytes)");
        }

        length = (int)contentLength + RecordDescriptor.Alignment;
        byte[] buffer = GC.AllocateArray<byte>(length, pinned: true);
        int decoded = LZ4Codec.Decode(file.AsSpan(CompressedSegmentDescriptor.HeaderLength), buffer.AsSpan(0, (int)contentLength));
        if (decoded != contentLength)
        {
            throw new JournalFormatException($"{path}: LZ4 block is damaged (decoded {decoded} of {contentLength} bytes)");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(CompressedSegmentDescriptor.ContentChecksumOffset));
        uint actual = RecordChecksum.Compute(buffer.AsSpan(0, (int)contentLength));
        if (stored != actual)
        {
            throw new JournalFormatException($"{path}: archived content is damaged (CRC32C 0x{actual:X8}, stored 0x{stored:X8})");
        }

        return buffer;
    }

    private static void ValidateHeader(ReadOnlySpan<byte> h, string path, long fileLength)
    {
        if (h.Length < CompressedSegmentDescriptor.HeaderLength ||
            BinaryPrimitives.ReadInt64LittleEndian(h[CompressedSegmentDescriptor.MagicOffset..]) != CompressedSegmentDescriptor.Magic)
        {
            throw new JournalFormatException($"{path}: not an archived journal segment (bad magic or only {fileLength} bytes)");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(h[CompressedSegmentDescriptor.FormatVersionOffset..]);
        if (version < 1 || version > CompressedSegmentDescriptor.CurrentFormatVersion)
        {
            throw new JournalFormatException(
                $"{path}: archive format version {version} is not supported (this engine reads versions 1 to {CompressedSegmentDescriptor.CurrentFormatVersion}; upgrade the engine)");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(h[CompressedSegmentDescriptor.HeaderChecksumOffset..]);
        if (stored != RecordChecksum.Compute(h[..CompressedSegmentDescriptor.HeaderChecksumOffset]))
        {
            throw new JournalFormatException($"{path}: archive header is damaged (CRC32C mismatch)");
        }
    }
}
