namespace Engine.Transport.Ingress;

/// <summary>
/// Layout of the many-to-one ring: a power-of-two data area followed by a trailer of counters, each on its own
/// pair of cache lines so producers (tail) and the consumer (head) never share a line.
/// <code>
///  +----------------------------------------------+
///  |  data: capacity bytes (power of two)         |  records, see RecordDescriptor
///  +----------------------------------------------+
///  |  tail position          (producers, CAS)     |  capacity + 128
///  |  head cache position    (producers)          |  capacity + 256
///  |  head position          (consumer)           |  capacity + 384
///  |  consumer heartbeat     (consumer, ticks)    |  capacity + 512
///  +----------------------------------------------+  capacity + 640 = total
/// </code>
/// </summary>
public static class RingBufferDescriptor
{
    /// <summary>Two 64-byte lines: also defeats the adjacent-line prefetcher.</summary>
    public const int PaddedCounterLength = 128;

    public const int TailPositionOffset = PaddedCounterLength;
    public const int HeadCachePositionOffset = PaddedCounterLength * 2;
    public const int HeadPositionOffset = PaddedCounterLength * 3;
    public const int ConsumerHeartbeatOffset = PaddedCounterLength * 4;
    public const int TrailerLength = PaddedCounterLength * 5;

    public static int TotalLength(int capacity) => capacity + TrailerLength;

    public static void CheckCapacity(int capacity)
    {
        if (capacity < 1024 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), $"ring capacity must be a power of two of at least 1024 bytes, got {capacity}");
        }
    }
}
