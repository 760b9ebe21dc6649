using System.Buffers.Binary;
using Engine.Journal.Format;
using Engine.Journal.Segments;

namespace Engine.Journal.Repair;

/// <summary>
/// The bytes of one segment as repair sees them: the whole plain file (however short a crash or a copy left it) or
/// the decompressed archive, with its header when the header is intact. Unlike <see cref="SegmentImage"/> it never
/// refuses a damaged file: it says what is wrong, so repair can decide what to keep. Owned by the repairing thread.
/// </summary>
internal sealed class SegmentContent
{
    private SegmentContent(SegmentFile file, byte[] bytes, int length, SegmentHeader? header, string? problem, long fileLength)
    {
        File = file;
        Bytes = bytes;
        Length = length;
        Header = header;
        Problem = problem;
        FileLength = fileLength;
    }

    public SegmentFile File { get; }

    /// <summary>Pinned: the validator reads it through a pointer.</summary>
    public byte[] Bytes { get; }

    /// <summary>Readable bytes: the file's length (plain) or the content plus a zero word (archived).</summary>
    public int Length { get; }

    /// <summary>The validated header; null when <see cref="Problem"/> says why the header cannot be trusted.</summary>
    public SegmentHeader? Header { get; }

    /// <summary>Why the segment cannot be kept as a whole (damaged header, damaged archive), or null.</summary>
    public string? Problem { get; }

    /// <summary>The plain file's length on disk (a truncated file is shorter than its header's segment size).</summary>
    public long FileLength { get; }

    /// <summary>True when the plain file is shorter than the segment size its header gives.</summary>
    public bool IsTruncated => Header is { } header && !File.Compressed && FileLength < header.SegmentSize;

    public static SegmentContent Load(SegmentFile file)
    {
        if (file.Compressed)
        {
            try
            {
                byte[] content = SegmentCompression.Decompress(file.Path, out int length);
                SegmentHeader header = SegmentHeader.Read(content.AsSpan(0, length), file.Path, -1);
                return new SegmentContent(file, content, length, header, null, length);
            }
            catch (JournalFormatException e)
            {
                return new SegmentContent(file, GC.AllocateArray<byte>(0, pinned: true), 0, null, e.Message, 0);
            }
        }

        long fileLength = new FileInfo(file.Path).Length;
        if (fileLength > SegmentDescriptor.MaxSegmentSize)
        {
            return new SegmentContent(file, GC.AllocateArray<byte>(0, pinned: true), 0, null, $"{file.Path}: {fileLength} bytes, more than any segment", fileLength);
        }

        byte[] bytes = GC.AllocateArray<byte>((int)fileLength, pinned: true);
        using (var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.ReadExactly(bytes);
        }

        RefuseNewerFormat(bytes, file.Path);
        try
        {
            SegmentHeader header = SegmentHeader.Read(bytes, file.Path, -1);
            if (fileLength > header.SegmentSize)
            {
                return new SegmentContent(file, bytes, bytes.Length, null, $"{file.Path}: file is {fileLength} bytes but its header says {header.SegmentSize}", fileLength);
            }

            return new SegmentContent(file, bytes, bytes.Length, header, null, fileLength);
        }
        catch (JournalFormatException e)
        {
            return new SegmentContent(file, bytes, bytes.Length, null, e.Message, fileLength);
        }
    }

    /// <summary>A segment of a newer format is not damage: repairing it with this engine would destroy it.</summary>
    private static void RefuseNewerFormat(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length >= SegmentDescriptor.HeaderLength &&
            BinaryPrimitives.ReadInt64LittleEndian(bytes[SegmentDescriptor.MagicOffset..]) == SegmentDescriptor.Magic &&
            BinaryPrimitives.ReadInt32LittleEndian(bytes[SegmentDescriptor.FormatVersionOffset..]) is var version &&
            version > SegmentDescriptor.CurrentFormatVersion)
        {
            throw new JournalFormatException(
                $"{path}: journal format version {version} is newer than this engine reads ({SegmentDescriptor.CurrentFormatVersion}); repair it with the engine that wrote it");
        }
    }
}
