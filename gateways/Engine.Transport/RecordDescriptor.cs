namespace Engine.Transport;

/// <summary>
/// Framing of one record, shared by the ingress ring and the egress broadcast buffer.
/// <code>
///   0                   1                   2                   3
///   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///  +-+-------------------------------------------------------------+
///  |R|                       Length (int32)                        |  header + message, unaligned;
///  +-+-------------------------------------------------------------+  negative while being written
///  |                        Type (int32)                           |  > 0 for messages, -1 for padding
///  +---------------------------------------------------------------+
///  |                       Message bytes ...                      ...
///  +---------------------------------------------------------------+  next record at an 8-byte boundary
/// </code>
/// </summary>
public static class RecordDescriptor
{
    public const int LengthOffset = 0;
    public const int TypeOffset = 4;
    public const int HeaderLength = 8;

    /// <summary>Records start on 8-byte boundaries so the length can be read and written atomically.</summary>
    public const int Alignment = 8;

    /// <summary>The type of the filler record that takes the space left before the end of the buffer.</summary>
    public const int PaddingType = -1;

    public static int Align(int length) => (length + (Alignment - 1)) & ~(Alignment - 1);

    /// <summary>Length and type in one 64-bit word (little-endian: length in the low half).</summary>
    public static long MakeHeader(int length, int type) => ((long)type << 32) | (uint)length;
}
