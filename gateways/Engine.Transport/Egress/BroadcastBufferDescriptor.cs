namespace Engine.Transport.Egress;

/// <summary>
/// Layout of the one-to-many broadcast buffer: a power-of-two data area and a trailer of counters.
/// <code>
///  +----------------------------------------------+
///  |  data: capacity bytes (power of two)         |  records, see RecordDescriptor
///  +----------------------------------------------+
///  |  tail intent counter  (transmitter)          |  capacity + 0     set BEFORE a record is written
///  |  tail counter         (transmitter)          |  capacity + 8     set AFTER a record is written
///  |  latest counter       (transmitter)          |  capacity + 16    start of the newest record
///  +----------------------------------------------+  capacity + 128 = total
/// </code>
/// A receiver that reads a record at position p is valid only while p + capacity > tail intent: once the
/// transmitter intends to write past that, the record may be overwritten, and the receiver has been lapped.
/// </summary>
public static class BroadcastBufferDescriptor
{
    public const int TailIntentCounterOffset = 0;
    public const int TailCounterOffset = 8;
    public const int LatestCounterOffset = 16;
    public const int TrailerLength = 128;

    public static int TotalLength(int capacity) => capacity + TrailerLength;

    public static void CheckCapacity(int capacity)
    {
        if (capacity < 1024 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), $"broadcast capacity must be a power of two of at least 1024 bytes, got {capacity}");
        }
    }
}
