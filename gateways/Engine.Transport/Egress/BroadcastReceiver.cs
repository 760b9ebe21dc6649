using Engine.Transport.Memory;

namespace Engine.Transport.Egress;

/// <summary>
/// Reads the broadcast buffer at its own pace, copying each record out and checking, after the copy, that the
/// transmitter had not begun to overwrite it (Agrona's copy-and-validate). Each receiver keeps its own cursor,
/// so any number can read one buffer. Thread safety: one thread per receiver instance.
/// </summary>
public sealed class BroadcastReceiver
{
    private readonly AtomicBuffer _buffer;
    private readonly int _capacity;
    private readonly int _mask;
    private readonly int _tailIntentIndex;
    private readonly int _tailIndex;
    private readonly int _latestIndex;
    private long _cursor;

    /// <summary>Starts at the newest record, as a late joiner should: it cannot read what was overwritten.</summary>
    public BroadcastReceiver(AtomicBuffer buffer)
    {
        _capacity = buffer.Capacity - BroadcastBufferDescriptor.TrailerLength;
        BroadcastBufferDescriptor.CheckCapacity(_capacity);
        _buffer = buffer;
        _mask = _capacity - 1;
        _tailIntentIndex = _capacity + BroadcastBufferDescriptor.TailIntentCounterOffset;
        _tailIndex = _capacity + BroadcastBufferDescriptor.TailCounterOffset;
        _latestIndex = _capacity + BroadcastBufferDescriptor.LatestCounterOffset;
        _cursor = _buffer.GetInt64Volatile(_tailIndex);
    }

    /// <summary>How many times this receiver has been lapped.</summary>
    public long LappedCount { get; private set; }

    /// <summary>This receiver's position in the stream of bytes transmitted.</summary>
    public long Position => _cursor;

    /// <summary>How far behind the transmitter this receiver is, in bytes.</summary>
    public long Lag => _buffer.GetInt64Volatile(_tailIndex) - _cursor;

    /// <summary>
    /// Copies the next record into <paramref name="destination"/> (which must hold the buffer's largest message).
    /// On <see cref="ReceiveResult.Message"/>, <paramref name="type"/> and <paramref name="length"/> describe it.
    /// </summary>
    public ReceiveResult TryReceive(Span<byte> destination, out int type, out int length)
    {
        type = 0;
        length = 0;
        while (true)
        {
            long tail = _buffer.GetInt64Volatile(_tailIndex);
            long cursor = _cursor;
            if (tail <= cursor)
            {
                return ReceiveResult.Nothing;
            }

            if (!IsStillValid(cursor))
            {
                return Lap();
            }

            int recordOffset = (int)cursor & _mask;
            int recordLength = _buffer.GetInt32(recordOffset + RecordDescriptor.LengthOffset);
            int recordType = _buffer.GetInt32(recordOffset + RecordDescriptor.TypeOffset);
            int aligned = RecordDescriptor.Align(recordLength);
            bool plausible = recordLength >= RecordDescriptor.HeaderLength && aligned <= _capacity - recordOffset;
            if (!plausible)
            {
                // Bytes torn by an overwrite, or corruption: the validity check decides which.
                if (!IsStillValid(cursor))
                {
                    return Lap();
                }

                TransportThrow.CorruptRecord("egress broadcast", cursor, recordLength);
            }

            if (recordType == RecordDescriptor.PaddingType)
            {
                _cursor = cursor + aligned;
                continue;
            }

            int messageLength = recordLength - RecordDescriptor.HeaderLength;
            if (messageLength > destination.Length)
            {
                if (!IsStillValid(cursor))
                {
                    return Lap();
                }

                TransportThrow.MessageTooLong(messageLength, destination.Length);
            }

            _buffer.AsSpan(recordOffset + RecordDescriptor.HeaderLength, messageLength).CopyTo(destination);

            // The copy is trusted only if the transmitter had not announced an overwrite of it meanwhile.
            if (!IsStillValid(cursor))
            {
                return Lap();
            }

            _cursor = cursor + aligned;
            type = recordType;
            length = messageLength;
            return ReceiveResult.Message;
        }
    }

    private bool IsStillValid(long cursor)
    {
        // Every read of the record must happen before the intent is checked.
        Interlocked.MemoryBarrier();
        return cursor + _capacity > _buffer.GetInt64Volatile(_tailIntentIndex);
    }

    private ReceiveResult Lap()
    {
        LappedCount++;
        _cursor = _buffer.GetInt64Volatile(_latestIndex);
        return ReceiveResult.Lapped;
    }
}
