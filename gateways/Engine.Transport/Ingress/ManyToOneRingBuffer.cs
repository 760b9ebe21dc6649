using System.Diagnostics;
using System.Runtime.CompilerServices;
using Engine.Transport.Memory;

namespace Engine.Transport.Ingress;

/// <summary>
/// A many-producer, one-consumer ring of variable-length records in shared memory (Agrona's design).
/// Producers in any process claim space by compare-and-set on the tail, write the record, and publish it by
/// turning its negative length positive; the consumer reads only records with a positive length, so a record
/// being written is invisible. The consumer zeroes what it consumed before moving the head, so a claimed slot
/// always starts at length 0 and a reader can never mistake old bytes for a new record.
/// Thread safety: any number of producer threads/processes; exactly one consumer thread.
/// </summary>
public sealed class ManyToOneRingBuffer
{
    private readonly AtomicBuffer _buffer;
    private readonly int _capacity;
    private readonly int _mask;
    private readonly int _tailPositionIndex;
    private readonly int _headCachePositionIndex;
    private readonly int _headPositionIndex;
    private readonly int _consumerHeartbeatIndex;

    public ManyToOneRingBuffer(AtomicBuffer buffer)
    {
        _capacity = buffer.Capacity - RingBufferDescriptor.TrailerLength;
        RingBufferDescriptor.CheckCapacity(_capacity);
        _buffer = buffer;
        _mask = _capacity - 1;
        _tailPositionIndex = _capacity + RingBufferDescriptor.TailPositionOffset;
        _headCachePositionIndex = _capacity + RingBufferDescriptor.HeadCachePositionOffset;
        _headPositionIndex = _capacity + RingBufferDescriptor.HeadPositionOffset;
        _consumerHeartbeatIndex = _capacity + RingBufferDescriptor.ConsumerHeartbeatOffset;
        MaxMessageLength = _capacity / 8;
    }

    public int Capacity => _capacity;

    /// <summary>The largest message accepted: an eighth of the ring, so one message can never starve the rest.</summary>
    public int MaxMessageLength { get; }

    /// <summary>Bytes written and not yet consumed (a snapshot; producers may be racing).</summary>
    public int Size
    {
        get
        {
            long head = _buffer.GetInt64Volatile(_headPositionIndex);
            long tail = _buffer.GetInt64Volatile(_tailPositionIndex);
            return (int)Math.Min(Math.Max(tail - head, 0), _capacity);
        }
    }

    public long ConsumerPosition => _buffer.GetInt64Volatile(_headPositionIndex);

    public long ProducerPosition => _buffer.GetInt64Volatile(_tailPositionIndex);

    /// <summary>The consumer's last heartbeat (Stopwatch ticks), so producers can tell a live engine from a dead one.</summary>
    public long ConsumerHeartbeatTicks
    {
        get => _buffer.GetInt64Volatile(_consumerHeartbeatIndex);
        set => _buffer.PutInt64Ordered(_consumerHeartbeatIndex, value);
    }

    /// <summary>Copies <paramref name="message"/> into the ring as one record of <paramref name="type"/>.</summary>
    public OfferResult Write(int type, ReadOnlySpan<byte> message)
    {
        int index = TryClaim(type, message.Length);
        if (index < 0)
        {
            return OfferResult.BackPressured;
        }

        message.CopyTo(_buffer.AsSpan(index, message.Length));
        Commit(index);
        return OfferResult.Success;
    }

    /// <summary>
    /// Claims room for a message of <paramref name="length"/> bytes and returns the offset where its bytes go
    /// (write them through <see cref="GetClaimedSpan"/>), or -1 when the ring is full. The record stays invisible
    /// until <see cref="Commit"/>; <see cref="Abort"/> turns it into padding. Either must follow, promptly.
    /// </summary>
    public int TryClaim(int type, int length)
    {
        if (type <= 0)
        {
            TransportThrow.InvalidMessageType(type);
        }

        if ((uint)length > (uint)MaxMessageLength)
        {
            TransportThrow.MessageTooLong(length, MaxMessageLength);
        }

        int recordLength = length + RecordDescriptor.HeaderLength;
        int recordIndex = ClaimCapacity(RecordDescriptor.Align(recordLength));
        if (recordIndex < 0)
        {
            return -1;
        }

        // Publication order: negative length first (the consumer stops here), then the type and the body,
        // then the positive length with release semantics (Commit).
        _buffer.PutInt32Ordered(recordIndex + RecordDescriptor.LengthOffset, -recordLength);
        _buffer.PutInt32(recordIndex + RecordDescriptor.TypeOffset, type);
        return recordIndex + RecordDescriptor.HeaderLength;
    }

    public Span<byte> GetClaimedSpan(int index, int length) => _buffer.AsSpan(index, length);

    /// <summary>Publishes a claimed record: its length becomes positive, with release semantics.</summary>
    public void Commit(int index)
    {
        int recordIndex = index - RecordDescriptor.HeaderLength;
        int recordLength = _buffer.GetInt32(recordIndex + RecordDescriptor.LengthOffset);
        _buffer.PutInt32Ordered(recordIndex + RecordDescriptor.LengthOffset, -recordLength);
    }

    /// <summary>Gives a claimed record back: it becomes padding, which the consumer skips.</summary>
    public void Abort(int index)
    {
        int recordIndex = index - RecordDescriptor.HeaderLength;
        int recordLength = _buffer.GetInt32(recordIndex + RecordDescriptor.LengthOffset);
        _buffer.PutInt32(recordIndex + RecordDescriptor.TypeOffset, RecordDescriptor.PaddingType);
        _buffer.PutInt32Ordered(recordIndex + RecordDescriptor.LengthOffset, -recordLength);
    }

    /// <summary>
    /// Reads up to <paramref name="messageLimit"/> published records in order and hands each to the handler;
    /// returns how many messages were handled. Consumer thread only.
    /// </summary>
    public int Read<THandler>(ref THandler handler, int messageLimit)
        where THandler : struct, IMessageHandler
    {
        long head = _buffer.GetInt64(_headPositionIndex);
        int headIndex = (int)head & _mask;
        int contiguous = _capacity - headIndex;
        int bytesRead = 0;
        int messages = 0;
        try
        {
            while (bytesRead < contiguous && messages < messageLimit)
            {
                int recordIndex = headIndex + bytesRead;
                int recordLength = _buffer.GetInt32Volatile(recordIndex + RecordDescriptor.LengthOffset);
                if (recordLength <= 0)
                {
                    break;
                }

                int aligned = RecordDescriptor.Align(recordLength);
                if (recordLength < RecordDescriptor.HeaderLength || aligned > contiguous - bytesRead)
                {
                    TransportThrow.CorruptRecord("ingress ring", head + bytesRead, recordLength);
                }

                bytesRead += aligned;
                int type = _buffer.GetInt32(recordIndex + RecordDescriptor.TypeOffset);
                if (type == RecordDescriptor.PaddingType)
                {
                    continue;
                }

                messages++;
                handler.OnMessage(type, _buffer.AsSpan(recordIndex + RecordDescriptor.HeaderLength, recordLength - RecordDescriptor.HeaderLength));
            }
        }
        finally
        {
            // Even if the handler throws, what was handled is consumed: it is never delivered twice.
            if (bytesRead > 0)
            {
                _buffer.SetMemory(headIndex, bytesRead, 0);
                _buffer.PutInt64Ordered(_headPositionIndex, head + bytesRead);
            }
        }

        return messages;
    }

    /// <summary>
    /// Frees the ring from a record that a producer claimed and never committed (its process died). Call it only
    /// for a producer known to be dead: it turns the blocking record at the head into padding. Returns whether a
    /// record was unblocked. Consumer thread only.
    /// </summary>
    public bool UnblockAtHead()
    {
        long head = _buffer.GetInt64(_headPositionIndex);
        long tail = _buffer.GetInt64Volatile(_tailPositionIndex);
        if (tail == head)
        {
            return false;
        }

        int headIndex = (int)head & _mask;
        int length = _buffer.GetInt32Volatile(headIndex + RecordDescriptor.LengthOffset);
        if (length < 0)
        {
            _buffer.PutInt32(headIndex + RecordDescriptor.TypeOffset, RecordDescriptor.PaddingType);
            _buffer.PutInt32Ordered(headIndex + RecordDescriptor.LengthOffset, -length);
            return true;
        }

        if (length == 0)
        {
            // Claimed by CAS but the producer died before writing even the negative length: the gap runs to the
            // next record that has a length, or to the tail. Fill it with one padding record.
            int limit = (int)Math.Min(tail - head, _capacity - headIndex);
            for (int offset = RecordDescriptor.Alignment; offset < limit; offset += RecordDescriptor.Alignment)
            {
                if (_buffer.GetInt32Volatile(headIndex + offset + RecordDescriptor.LengthOffset) != 0)
                {
                    limit = offset;
                    break;
                }
            }

            _buffer.PutInt32(headIndex + RecordDescriptor.TypeOffset, RecordDescriptor.PaddingType);
            _buffer.PutInt32Ordered(headIndex + RecordDescriptor.LengthOffset, limit);
            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ClaimCapacity(int required)
    {
        long head = _buffer.GetInt64Volatile(_headCachePositionIndex);
        long tail;
        int tailIndex;
        int padding;
        do
        {
            tail = _buffer.GetInt64Volatile(_tailPositionIndex);
            if (required > _capacity - (int)(tail - head))
            {
                head = _buffer.GetInt64Volatile(_headPositionIndex);
                if (required > _capacity - (int)(tail - head))
                {
                    return -1;
                }

                _buffer.PutInt64Ordered(_headCachePositionIndex, head);
            }

            padding = 0;
            tailIndex = (int)tail & _mask;
            int toBufferEnd = _capacity - tailIndex;
            if (required > toBufferEnd)
            {
                // The record does not fit before the end: it goes at index 0, and the rest of the end is padding.
                // That needs room for both at the start too.
                int headIndex = (int)head & _mask;
                if (required > headIndex)
                {
                    head = _buffer.GetInt64Volatile(_headPositionIndex);
                    headIndex = (int)head & _mask;
                    if (required > headIndex || required + toBufferEnd > _capacity - (int)(tail - head))
                    {
                        return -1;
                    }

                    _buffer.PutInt64Ordered(_headCachePositionIndex, head);
                }

                padding = toBufferEnd;
            }
        }
        while (!_buffer.CompareAndSetInt64(_tailPositionIndex, tail, tail + required + padding));

        if (padding != 0)
        {
            _buffer.PutInt64Ordered(tailIndex, RecordDescriptor.MakeHeader(padding, RecordDescriptor.PaddingType));
            tailIndex = 0;
        }

        Debug.Assert((tailIndex & (RecordDescriptor.Alignment - 1)) == 0, "records are 8-byte aligned");
        return tailIndex;
    }
}
