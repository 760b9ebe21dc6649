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
    private volatile bool _alerted;

    internal SequenceBarrier(Sequencer sequencer, ReadOnlySpan<Sequence> dependencies)
    {
        _sequencer = sequencer;
        _waitStrategy = sequencer.WaitStrategy;
        _cursor = sequencer.CursorSequence;
        _dependencies = dependencies.Length == 0 ? [_cursor] : dependencies.ToArray();
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        long available = _waitStrategy.WaitFor(sequence, this);
        if (available < sequence)
        {
            return available;
        }

        return _sequencer.GetHighestPublishedSequence(sequence, available);
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
