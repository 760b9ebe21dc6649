using System.Runtime.CompilerServices;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Sequencing;

/// <summary>
/// The sequencer for a ring with exactly one publishing thread: a claim is two plain reads, a compare and a plain
/// write; publishing is one release store of the cursor. The gating sequences are read only when the cached
/// minimum says the claim might wrap.
/// </summary>
/// <remarks>
/// Thread ownership: <see cref="Next()"/>, <see cref="TryNext(out long)"/>, <see cref="Publish(long)"/> and
/// <see cref="RemainingCapacity"/> belong to the one producer thread (calling them from two threads corrupts the
/// ring). Consumers only read the cursor.
/// </remarks>
public sealed class SingleProducerSequencer : Sequencer
{
    private SingleProducerPositions _positions;

    public SingleProducerSequencer(int bufferSize, IWaitStrategy waitStrategy)
        : base(bufferSize, waitStrategy)
    {
        _positions.NextValue = Sequence.InitialValue;
        _positions.CachedGatingValue = Sequence.InitialValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next() => Next(1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long Next(int count)
    {
        if ((uint)(count - 1) >= (uint)BufferSize)
        {
            ThrowClaimOutOfRange(count);
        }

        long nextValue = _positions.NextValue;
        long nextSequence = nextValue + count;
        long wrapPoint = nextSequence - BufferSize;
        long cachedGating = _positions.CachedGatingValue;
        if (wrapPoint > cachedGating || cachedGating > nextValue)
        {
            WaitForCapacity(nextValue, nextSequence, wrapPoint);
        }

        _positions.NextValue = nextSequence;
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

        long nextValue = _positions.NextValue;
        if (!HasCapacity(nextValue, count))
        {
            sequence = default;
            return false;
        }

        sequence = _positions.NextValue = nextValue + count;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        CursorSequence.Value = sequence;
        if (SignalOnPublish)
        {
            WaitStrategy.SignalAllWhenBlocking();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override void Publish(long low, long high) => Publish(high);

    public override bool IsAvailable(long sequence)
    {
        long cursor = CursorSequence.Value;
        return sequence <= cursor && sequence > cursor - BufferSize;
    }

    // Single producer: the cursor only moves after the slots below it are written, so everything up to it is ready.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence) => availableSequence;

    public override long RemainingCapacity()
    {
        long produced = _positions.NextValue;
        long consumed = Minimum(GatingSequences, produced);
        return BufferSize - (produced - consumed);
    }

    private bool HasCapacity(long nextValue, int count)
    {
        long wrapPoint = nextValue + count - BufferSize;
        long cachedGating = _positions.CachedGatingValue;
        if (wrapPoint > cachedGating || cachedGating > nextValue)
        {
            if (IsHalted)
            {
                return false;
            }

            // Full fence: the cursor store must be visible before the gating sequences are read (store-load).
            CursorSequence.SetVolatile(nextValue);
            long minimum = Minimum(GatingSequences, nextValue);
            _positions.CachedGatingValue = minimum;
            if (wrapPoint > minimum)
            {
                return false;
            }
        }

        return true;
    }

    // The ring is (or might be) full: wait for the slowest consumer, off the inlined fast path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long nextValue, long nextSequence, long wrapPoint)
    {
        // Full fence: the cursor store must be visible before the gating sequences are read (store-load).
        CursorSequence.SetVolatile(nextValue);
        var spinner = default(SpinWait);
        long minimum;
        while (wrapPoint > (minimum = Minimum(GatingSequences, nextValue)))
        {
            if (IsHalted)
            {
                ThrowHalted(nextSequence);
            }

            // Spin briefly, then yield the core (with more threads than cores, the consumer we wait for may need ours).
            // Never Sleep(1): a millisecond is ~20x the Disruptor's parkNanos(1) and stalls a 1024-slot ring badly.
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _positions.CachedGatingValue = minimum;
    }
}
