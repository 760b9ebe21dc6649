using Engine.Transport.Memory;

namespace Engine.Transport.Egress;

/// <summary>
/// Writes records into the broadcast buffer for any number of receivers, never waiting for them: a receiver
/// that falls a whole buffer behind is lapped and told so by <see cref="BroadcastReceiver"/>.
/// Thread safety: exactly one transmitter thread (the engine's publisher).
/// </summary>
public sealed class BroadcastTransmitter
{
    private readonly AtomicBuffer _buffer;
    private readonly int _capacity;
    private readonly int _mask;
    private readonly int _tailIntentIndex;
    private readonly int _tailIndex;
    private readonly int _latestIndex;

    public BroadcastTransmitter(AtomicBuffer buffer)
    {
        _capacity = buffer.Capacity - BroadcastBufferDescriptor.TrailerLength;
        BroadcastBufferDescriptor.CheckCapacity(_capacity);
        _buffer = buffer;
        _mask = _capacity - 1;
        _tailIntentIndex = _capacity + BroadcastBufferDescriptor.TailIntentCounterOffset;
        _tailIndex = _capacity + BroadcastBufferDescriptor.TailCounterOffset;
        _latestIndex = _capacity + BroadcastBufferDescriptor.LatestCounterOffset;
        MaxMessageLength = _capacity / 8;
    }

    public int Capacity => _capacity;

    public int MaxMessageLength { get; }

    /// <summary>Total bytes ever transmitted (the tail position).</summary>
    public long Position => _buffer.GetInt64Volatile(_tailIndex);

    public void Transmit(int type, ReadOnlySpan<byte> message)
    {
        if (type <= 0)
        {
            TransportThrow.InvalidMessageType(type);
        }

        if ((uint)message.Length > (uint)MaxMessageLength)
        {
            TransportThrow.MessageTooLong(message.Length, MaxMessageLength);
        }

        long tail = _buffer.GetInt64(_tailIndex);
        int recordOffset = (int)tail & _mask;
        int recordLength = message.Length + RecordDescriptor.HeaderLength;
        int aligned = RecordDescriptor.Align(recordLength);
        long newTail = tail + aligned;
        int toEnd = _capacity - recordOffset;

        if (toEnd < aligned)
        {
            // Announce the whole write (padding + record) before touching the bytes readers may be reading.
            SignalTailIntent(newTail + toEnd);
            _buffer.PutInt64(recordOffset, RecordDescriptor.MakeHeader(toEnd, RecordDescriptor.PaddingType));
            tail += toEnd;
            recordOffset = 0;
        }
        else
        {
            SignalTailIntent(newTail);
        }

        _buffer.PutInt64(recordOffset, RecordDescriptor.MakeHeader(recordLength, type));
        message.CopyTo(_buffer.AsSpan(recordOffset + RecordDescriptor.HeaderLength, message.Length));
        _buffer.PutInt64(_latestIndex, tail);
        _buffer.PutInt64Ordered(_tailIndex, tail + aligned);
    }

    private void SignalTailIntent(long intent)
    {
        _buffer.PutInt64Ordered(_tailIntentIndex, intent);

        // A store-store barrier is not enough: the intent must be visible before any byte of the record changes,
        // and the record writes that follow are plain stores.
        Interlocked.MemoryBarrier();
    }
}
