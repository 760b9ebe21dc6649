namespace Engine.Journal.Format;

/// <summary>
/// Layout of a segment file: a 64-byte header followed by records (see <see cref="RecordDescriptor"/>), each on an
/// 8-byte boundary. The file is created at its full size (pre-allocated, zero-filled), so a zero length word marks
/// the end of the written data. All integers are little-endian.
/// <code>
///   0                   1                   2                   3
///   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///  +---------------------------------------------------------------+
///  |                  Magic "ENGJRNL\0" (8 bytes)                  |  0
///  |                                                               |
///  +---------------------------------------------------------------+
///  |                     Format version (int32)                    |  8
///  +---------------------------------------------------------------+
///  |                     Header length (int32) = 64                |  12
///  +---------------------------------------------------------------+
///  |                     SBE schema id (int32)                     |  16
///  +---------------------------------------------------------------+
///  |                   SBE schema version (int32)                  |  20
///  +---------------------------------------------------------------+
///  |                     Segment index (int64)                     |  24
///  |                                                               |
///  +---------------------------------------------------------------+
///  |          Base sequence: first record's sequence (int64)       |  32
///  |                                                               |
///  +---------------------------------------------------------------+
///  |                 Segment size in bytes (int64)                 |  40
///  |                                                               |
///  +---------------------------------------------------------------+
///  |                       Reserved (zero)                         |  48
///  |                                                               |
///  +---------------------------------------------------------------+
///  |             Header CRC32C of bytes [0, 56) (uint32)           |  56
///  +---------------------------------------------------------------+
///  |                       Reserved (zero)                         |  60
///  +---------------------------------------------------------------+
///  |                 Records from offset 64 ...                   ...
/// </code>
/// </summary>
public static class SegmentDescriptor
{
    /// <summary>"ENGJRNL\0" read as a little-endian int64.</summary>
    public const long Magic = 0x004C4E524A474E45;

    /// <summary>The segment format this code writes; it reads every version up to this one.</summary>
    public const int CurrentFormatVersion = 1;

    public const int MagicOffset = 0;
    public const int FormatVersionOffset = 8;
    public const int HeaderLengthOffset = 12;
    public const int SchemaIdOffset = 16;
    public const int SchemaVersionOffset = 20;
    public const int SegmentIndexOffset = 24;
    public const int BaseSequenceOffset = 32;
    public const int SegmentSizeOffset = 40;
    public const int HeaderChecksumOffset = 56;
    public const int HeaderLength = 64;

    /// <summary>The smallest segment that can hold a header, one small record and the end-of-segment marker.</summary>
    public const int MinSegmentSize = 4096;

    /// <summary>Offsets inside a segment are int32, and a mapping this size is still cheap to create.</summary>
    public const int MaxSegmentSize = 1 << 30;

    public const string FileExtension = ".seg";
    public const string CompressedFileExtension = ".seg.lz4";
    public const string TemporaryFileExtension = ".tmp";
    public const string FilePrefix = "journal-";

    /// <summary>Held open exclusively by the one writer of a journal (an advisory lock the kernel drops if it dies).</summary>
    public const string WriterLockFileName = "writer.lock";

    /// <summary>Twenty digits: every non-negative int64 index fits, and names sort in index order.</summary>
    public static string FileName(long segmentIndex) =>
        FilePrefix + segmentIndex.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + FileExtension;

    public static string CompressedFileName(long segmentIndex) =>
        FilePrefix + segmentIndex.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + CompressedFileExtension;

    /// <summary>Parses a segment file name (plain or compressed); false for any other file.</summary>
    public static bool TryParseFileName(string fileName, out long segmentIndex, out bool compressed)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        segmentIndex = -1;
        compressed = fileName.EndsWith(CompressedFileExtension, StringComparison.Ordinal);
        string extension = compressed ? CompressedFileExtension : FileExtension;
        if (!fileName.StartsWith(FilePrefix, StringComparison.Ordinal) || !fileName.EndsWith(extension, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> digits = fileName.AsSpan(FilePrefix.Length, fileName.Length - FilePrefix.Length - extension.Length);
        return digits.Length == 20 &&
            long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out segmentIndex);
    }
}
