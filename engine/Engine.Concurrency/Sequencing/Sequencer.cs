using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Sequencing;

/// <summary>
/// Coordinates the claiming of slots in a ring of <see cref="BufferSize"/> slots: producers claim sequences, write
/// the slots and publish them; the sequencer never lets a producer wrap past the slowest gating sequence (the
/// last consumers), so a slot is never overwritten before every consumer has finished with it.
/// </summary>
/// <remarks>
/// The two implementations are sealed: a producer holding the concrete type gets non-virtual, inlinable calls.
/// Gating sequences are copy-on-write so consumers may be added while producers run; the usual setup adds them
/// before the first claim. Thread ownership is the subclass's (see <see cref="SingleProducerSequencer"/>).
/// </remarks>
public abstract class Sequencer
{
    private readonly Sequence _cursor = new();

    // Copy-on-write: readers take a snapshot with Volatile.Read, writers swap a new array with CompareExchange.
    private Sequence[] _gatingSequences = [];

    // Set once when the pipeline halts; producers look at it only on the slow path (waiting for capacity).
    private volatile bool _halted;

    protected Sequencer(int bufferSize, IWaitStrategy waitStrategy)
    {
        ArgumentNullException.ThrowIfNull(waitStrategy);
        if (bufferSize < 1 || !int.IsPow2(bufferSize))
        {
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "the ring size must be a positive power of two");
        }

        BufferSize = bufferSize;
        WaitStrategy = waitStrategy;
        SignalOnPublish = waitStrategy.IsBlocking;
    }

    /// <summary>Slots in the ring: a power of two.</summary>
    public int BufferSize { get; }

    /// <summary>How consumers of this ring wait; blocking strategies are signalled on every publish.</summary>
    public IWaitStrategy WaitStrategy { get; }

    /// <summary>The highest claimed sequence (single producer: the highest published one).</summary>
    public long Cursor => _cursor.Value;

    /// <summary>True once <see cref="Halt"/> ran: producers waiting for capacity get <see cref="PipelineHaltedException"/>.</summary>
    public bool IsHalted => _halted;

    internal Sequence CursorSequence => _cursor;

    /// <summary>Whether publish must wake blocked consumers (decided once, so busy-spin pays nothing).</summary>
    protected bool SignalOnPublish { get; }

    /// <summary>Claims the next slot, waiting while the ring is full; returns its sequence.</summary>
    public abstract long Next();

    /// <summary>Claims <paramref name="count"/> consecutive slots (1 to <see cref="BufferSize"/>); returns the highest.</summary>
    public abstract long Next(int count);

    /// <summary>Claims the next slot unless the ring is full; never waits.</summary>
    public abstract bool TryNext(out long sequence);

    /// <summary>Claims <paramref name="count"/> slots unless fewer are free; never waits. Returns the highest claimed.</summary>
    public abstract bool TryNext(int count, out long sequence);

    /// <summary>Makes a claimed and written slot visible to consumers.</summary>
    public abstract void Publish(long sequence);

    /// <summary>Makes the claimed and written slots <paramref name="low"/>..<paramref name="high"/> visible.</summary>
    public abstract void Publish(long low, long high);

    /// <summary>Whether the slot of <paramref name="sequence"/> is published and not yet overwritten by a later lap.</summary>
    public abstract bool IsAvailable(long sequence);

    /// <summary>
    /// The highest sequence in <paramref name="lowerBound"/>..<paramref name="availableSequence"/> up to which every
    /// slot is published (multi-producer rings may publish out of order), or <c>lowerBound - 1</c>.
    /// </summary>
    public abstract long GetHighestPublishedSequence(long lowerBound, long availableSequence);

    /// <summary>Free slots: how many could be claimed now without waiting.</summary>
    public abstract long RemainingCapacity();

    /// <summary>
    /// Makes the producers wait for <paramref name="sequences"/> (the last consumers of the ring). A sequence added
    /// while producers run is first moved to the cursor, so it cannot hold back slots that are already free.
    /// </summary>
    public void AddGatingSequences(params ReadOnlySpan<Sequence> sequences)
    {
        Sequence[] current;
        Sequence[] updated;
        do
        {
            current = Volatile.Read(ref _gatingSequences);
            updated = new Sequence[current.Length + sequences.Length];
            current.CopyTo(updated, 0);
            long cursor = Cursor;
            for (int i = 0; i < sequences.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(sequences[i]);
                if (sequences[i].Value < cursor)
                {
                    sequences[i].Value = cursor;
                }

                updated[current.Length + i] = sequences[i];
            }
        }
        while (Interlocked.CompareExchange(ref _gatingSequences, updated, current) != current);
    }

    /// <summary>Stops gating on <paramref name="sequence"/> (every occurrence); returns whether it was gating.</summary>
    public bool RemoveGatingSequence(Sequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        Sequence[] current;
        Sequence[] updated;
        do
        {
            current = Volatile.Read(ref _gatingSequences);
            int kept = 0;
            foreach (Sequence s in current)
            {
                if (!ReferenceEquals(s, sequence))
                {
                    kept++;
                }
            }

            if (kept == current.Length)
            {
                return false;
            }

            updated = new Sequence[kept];
            int index = 0;
            foreach (Sequence s in current)
            {
                if (!ReferenceEquals(s, sequence))
                {
                    updated[index++] = s;
                }
            }
        }
        while (Interlocked.CompareExchange(ref _gatingSequences, updated, current) != current);
        return true;
    }

    /// <summary>The slowest gating sequence, or the cursor when nothing gates the producers.</summary>
    public long MinimumGatingSequence() => Minimum(Volatile.Read(ref _gatingSequences), _cursor.Value);

    /// <summary>
    /// A barrier for a consumer that must not pass <paramref name="dependencies"/> (the stages it runs after);
    /// with none, the consumer follows the published cursor.
    /// </summary>
    public SequenceBarrier NewBarrier(params ReadOnlySpan<Sequence> dependencies) =>
        new(this, dependencies);

    /// <summary>Halts the ring: producers that wait for capacity from now on throw <see cref="PipelineHaltedException"/>.</summary>
    public void Halt() => _halted = true;

    /// <summary>The smallest value among <paramref name="sequences"/>, or <paramref name="minimum"/> when it is smaller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Minimum(Sequence[] sequences, long minimum)
    {
        foreach (Sequence sequence in sequences)
        {
            long value = sequence.Value;
            if (value < minimum)
            {
                minimum = value;
            }
        }

        return minimum;
    }

    /// <summary>A snapshot of the gating sequences (the slow path reads it while waiting for capacity).</summary>
    protected Sequence[] GatingSequences => Volatile.Read(ref _gatingSequences);

    /// <summary>The claim size is out of range: a programming error, reported off the hot path.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected void ThrowClaimOutOfRange(int count) =>
        throw new ArgumentOutOfRangeException(nameof(count), count, $"a claim must be 1 to {BufferSize} slots");

    /// <summary>The slow path found the pipeline halted while waiting for capacity.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected static void ThrowHalted(long claimedSequence) =>
        throw new PipelineHaltedException(
            $"the pipeline has halted: no consumer will free a slot for sequence {claimedSequence}");
}
