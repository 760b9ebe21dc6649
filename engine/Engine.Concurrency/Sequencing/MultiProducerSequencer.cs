using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Sequencing;

/// <summary>
/// The sequencer for a ring with any number of publishing threads. A claim is one atomic add on the cursor (the
/// highest claimed sequence); each slot is then published by writing its lap number into an available buffer, so
/// producers publish independently and out of order, and consumers read up to the first unpublished slot.
/// </summary>
/// <remarks>
/// Thread ownership: any thread may claim and publish. The cursor is advanced only by atomic operations; each
/// available-buffer entry is written only by the producer that claimed its slot for the current lap.
/// </remarks>
public sealed class MultiProducerSequencer : Sequencer
{
    // The slowest gating sequence last seen by any producer; a lower bound, refreshed when a claim might wrap.
    private readonly Sequence _gatingSequenceCache = new();

    /// <summary>Unused entries before and after the available buffer, so no neighbouring object shares its end lines.</summary>
    internal const int AvailableBufferPadding = CacheLine.PaddingSize / sizeof(int);

    // Per slot, the lap (sequence >> _indexShift) last published into it; -1 before the first lap. Entry i of the
    // ring lives at AvailableBufferPadding + i.
    private readonly int[] _availableBuffer;
    private readonly int _indexMask;
    private readonly int _indexShift;

    public MultiProducerSequencer(int bufferSize, IWaitStrategy waitStrategy)
        : base(bufferSize, waitStrategy)
    {
        _availableBuffer = new int[bufferSize + (2 * AvailableBufferPadding)];
        _availableBuffer.AsSpan().Fill(-1);
        _indexMask = bufferSize - 1;
        _indexShift = System.Numerics.BitOperations.Log2((uint)bufferSize);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next() => Next(1);

    public override long Next(int count)
    {
        if ((uint)(count - 1) >= (uint)BufferSize)
        {
            ThrowClaimOutOfRange(count);
        }

        long current = CursorSequence.AddAndGet(count) - count;
        long nextSequence = current + count;
        long wrapPoint = nextSequence - BufferSize;
        long cachedGating = _gatingSequenceCache.Value;
        if (wrapPoint > cachedGating || cachedGating > current)
        {
            WaitForCapacity(current, nextSequence, wrapPoint);
        }

        return nextSequence;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool TryNext(out long sequence) => TryNext(1, out sequence);

    public override bool TryNext(int count, out long sequence)
    {
        if ((uint)(count - 1) >= (uint)BufferSize)
        {
            ThrowClaimOutOfRange(count);
        }

        long current;
        long next;
        do
        {
            current = CursorSequence.Value;
            next = current + count;
            if (!HasCapacity(current, count))
            {
                sequence = default;
                return false;
            }
        }
        while (!CursorSequence.CompareAndSet(current, next));

        sequence = next;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        if (SignalOnPublish)
        {
            WaitStrategy.SignalAllWhenBlocking();
        }
    }

    public override void Publish(long low, long high)
    {
        for (long sequence = low; sequence <= high; sequence++)
        {
            SetAvailable(sequence);
        }

        if (SignalOnPublish)
        {
            WaitStrategy.SignalAllWhenBlocking();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override bool IsAvailable(long sequence) =>
        Volatile.Read(ref AvailableFlag(sequence)) == LapOf(sequence);

    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence)
    {
        for (long sequence = lowerBound; sequence <= availableSequence; sequence++)
        {
            if (!IsAvailable(sequence))
            {
                return sequence - 1;
            }
        }

        return availableSequence;
    }

    public override long RemainingCapacity()
    {
        long produced = CursorSequence.Value;
        long consumed = Minimum(GatingSequences, produced);
        return BufferSize - (produced - consumed);
    }

    // Release store of the lap number: the slot's contents, written before, are visible to whoever sees the flag.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetAvailable(long sequence) => Volatile.Write(ref AvailableFlag(sequence), LapOf(sequence));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int AvailableFlag(long sequence) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_availableBuffer), AvailableBufferPadding + ((int)sequence & _indexMask));

    /// <summary>The whole available buffer including padding, for the layout test only.</summary>
    internal int[] AvailableBuffer => _availableBuffer;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LapOf(long sequence) => (int)(sequence >> _indexShift);

    private bool HasCapacity(long cursor, int count)
    {
        long wrapPoint = cursor + count - BufferSize;
        long cachedGating = _gatingSequenceCache.Value;
        if (wrapPoint > cachedGating || cachedGating > cursor)
        {
            if (IsHalted)
            {
                return false;
            }

            long minimum = Minimum(GatingSequences, cursor);
            _gatingSequenceCache.Value = minimum;
            if (wrapPoint > minimum)
            {
                return false;
            }
        }

        return true;
    }

    // The claimed range may overlap slots still in use: wait for the slowest consumer, off the fast path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long current, long nextSequence, long wrapPoint)
    {
        var spinner = default(SpinWait);
        long minimum;
        while (wrapPoint > (minimum = Minimum(GatingSequences, current)))
        {
            if (IsHalted)
            {
                ThrowHalted(nextSequence);
            }

            // Spin briefly, then yield the core (with more threads than cores, the consumer we wait for may need ours).
            // Never Sleep(1): a millisecond is ~20x the Disruptor's parkNanos(1) and stalls a 1024-slot ring badly.
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _gatingSequenceCache.Value = minimum;
    }
}
