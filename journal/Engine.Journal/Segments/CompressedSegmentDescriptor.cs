namespace Engine.Journal.Segments;

/// <summary>
/// Layout of an LZ4-archived segment (<c>journal-N.seg.lz4</c>): a header, then one LZ4 block holding the used part
/// of the original segment (its header, its records and its end marker; the zero tail is not stored).
/// <code>
///  offset  field
///   0      Magic "ENGJLZ4\0" (int64)
///   8      Format version (int32) = 1
///  12      Header length (int32) = 64
///  16      Original segment size (int64)
///  24      Content length: bytes of the original segment stored (int64)
///  32      Compressed length (int64)
///  40      Segment index (int64)
///  48      Base sequence (int64), so seeking needs no decompression
///  56      CRC32C of the content (uint32)
///  60      CRC32C of header bytes [0, 60) (uint32)
///  64      LZ4 block ...
/// </code>
/// </summary>
public static class CompressedSegmentDescriptor
{
    /// <summary>"ENGJLZ4\0" read as a little-endian int64.</summary>
    public const long Magic = 0x00345A4C4A474E45;

    public const int CurrentFormatVersion = 1;
    public const int MagicOffset = 0;
    public const int FormatVersionOffset = 8;
    public const int HeaderLengthOffset = 12;
    public const int SegmentSizeOffset = 16;
    public const int ContentLengthOffset = 24;
    public const int CompressedLengthOffset = 32;
    public const int SegmentIndexOffset = 40;
    public const int BaseSequenceOffset = 48;
    public const int ContentChecksumOffset = 56;
    public const int HeaderChecksumOffset = 60;
    public const int HeaderLength = 64;
}
