using System.Runtime.CompilerServices;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Sequencing;

/// <summary>
/// What a consumer waits on: the ring's cursor and the sequences of the stages it depends on. A consumer never
/// reads past the slowest dependency, which is how a pipeline stage never overtakes the stages before it.
/// </summary>
/// <remarks>
/// Thread ownership: one consumer thread calls <see cref="WaitFor"/>; any thread may <see cref="Alert"/> it.
/// </remarks>
public sealed class SequenceBarrier
{
    private readonly Sequencer _sequencer;
    private readonly IWaitStrategy _waitStrategy;
    private readonly Sequence _cursor;

    // The sequences this consumer must stay behind: the cursor for a first stage, else the earlier stages.
    private readonly Sequence[] _dependencies;

    // A single producer publishes in sequence order, so whatever the cursor passed is published: no need to ask the
    // sequencer (a virtual call per batch) which slots are.
    private readonly bool _publishedInOrder;
    private volatile bool _alerted;

    internal SequenceBarrier(Sequencer sequencer, ReadOnlySpan<Sequence> dependencies)
    {
        _sequencer = sequencer;
        _waitStrategy = sequencer.WaitStrategy;
        _cursor = sequencer.CursorSequence;
        _dependencies = dependencies.Length == 0 ? [_cursor] : dependencies.ToArray();
        _publishedInOrder = sequencer is SingleProducerSequencer;
        foreach (Sequence dependency in _dependencies)
        {
            ArgumentNullException.ThrowIfNull(dependency, nameof(dependencies));
        }
    }

    /// <summary>The ring's cursor (highest claimed; single producer: highest published).</summary>
    public long Cursor => _cursor.Value;

    /// <summary>The slowest of the sequences this consumer follows: it may read up to here (once published).</summary>
    public long DependentSequence
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            Sequence[] dependencies = _dependencies;
            return dependencies.Length == 1 ? dependencies[0].Value : Sequencer.Minimum(dependencies, long.MaxValue);
        }
    }

    /// <summary>Set by <see cref="Alert"/>: a waiting consumer returns instead of waiting on.</summary>
    public bool IsAlerted => _alerted;

    /// <summary>
    /// Waits until <paramref name="sequence"/> is published and every dependency has passed it; returns the highest
    /// sequence that may be read (often more than asked: the consumer then processes a batch). Returns less than
    /// <paramref name="sequence"/> only when the barrier was alerted (or a multi-producer slot is not published yet).
    /// </summary>
    /// <remarks>
    /// When the sequence is already there (a consumer that is behind, which is when throughput matters), this is one
    /// acquire read inlined into the consumer's loop: the wait strategy (an interface call) is entered only to wait.
    /// Why: a processor's loop runs once for the life of the stage, so it executes as on-stack-replaced code, which
    /// had no profile to devirtualise with: every batch paid an interface call into the wait strategy and a virtual
    /// call to the sequencer (JIT listing of ring-1p1c's consumer); now neither is on the path. Where a profile does
    /// devirtualise them (the one-thread PublishConsume benchmark) both versions measure the same, 2.8-4.6 ns a hop.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        long available = DependentSequence;
        if (available < sequence)
        {
            available = _waitStrategy.WaitFor(sequence, this);
            if (available < sequence)
            {
                return available;
            }
        }

        return _publishedInOrder ? available : _sequencer.GetHighestPublishedSequence(sequence, available);
    }

    /// <summary>Wakes the consumer out of its wait (used to halt it).</summary>
    public void Alert()
    {
        _alerted = true;
        _waitStrategy.SignalAllWhenBlocking();
    }

    /// <summary>Clears the alert, so the barrier can be waited on again.</summary>
    public void ClearAlert() => _alerted = false;
}
