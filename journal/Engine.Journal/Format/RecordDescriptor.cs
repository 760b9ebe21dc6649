namespace Engine.Journal.Format;

/// <summary>
/// Layout of one journal record inside a segment. Records start on 8-byte boundaries. The writer fills every
/// field but the length first and publishes the length last with a release store, so a reader (in this process
/// or another one mapping the same file) that sees a positive length sees the whole record.
/// <code>
///   0                   1                   2                   3
///   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///  +---------------------------------------------------------------+
///  |  Length (int32): header + payload, unaligned; 0 = not written |  0
///  |                  yet, -1 = end of segment (go to the next one) |
///  +---------------------------------------------------------------+
///  |  CRC32C (uint32) of the length word and bytes [8, Length)     |  4
///  +---------------------------------------------------------------+
///  |                      Sequence (int64)                         |  8
///  |                                                               |
///  +---------------------------------------------------------------+
///  |              Venue time, ns since the epoch (int64)           |  16
///  |                                                               |
///  +---------------------------------------------------------------+
///  |             Receive time, ns since the epoch (int64)          |  24
///  |                                                               |
///  +---------------------------------------------------------------+
///  |                 SBE template id (int32)                       |  32
///  +---------------------------------------------------------------+
///  |                       Reserved (zero)                         |  36
///  +---------------------------------------------------------------+
///  |            Payload: one SBE message, header included         ...  40
///  +---------------------------------------------------------------+  next record at an 8-byte boundary
/// </code>
/// </summary>
public static class RecordDescriptor
{
    public const int LengthOffset = 0;
    public const int ChecksumOffset = 4;
    public const int SequenceOffset = 8;
    public const int VenueTimeOffset = 16;
    public const int ReceiveTimeOffset = 24;
    public const int TemplateIdOffset = 32;
    public const int ReservedOffset = 36;
    public const int HeaderLength = 40;

    public const int Alignment = 8;

    /// <summary>The length word of the marker the writer leaves when it moves to the next segment.</summary>
    public const int EndOfSegmentLength = -1;

    /// <summary>Room always kept free at the end of a segment for the end-of-segment marker.</summary>
    public const int EndOfSegmentReserve = Alignment;

    public static int Align(int length) => (length + (Alignment - 1)) & ~(Alignment - 1);

    /// <summary>The largest payload a segment of <paramref name="segmentSize"/> bytes can hold.</summary>
    public static int MaxPayloadLength(int segmentSize) =>
        segmentSize - SegmentDescriptor.HeaderLength - HeaderLength - EndOfSegmentReserve;
}
