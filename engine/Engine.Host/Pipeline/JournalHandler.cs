using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Journal.Writing;
using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// Stage 1 of the inbound ring: appends every input to the journal and commits at the end of each batch (group
/// commit). The BLP stage gates on this stage's sequence, which the processor advances only after the batch's last
/// <see cref="OnEvent"/> returned, that is after the commit: so the BLP never sees an input the fsync policy has not
/// made durable. After each commit it stamps the batch's slots with the commit time and records receive → journaled
/// (<see cref="PipelineLatencies"/>), before handing them on. Journal sequence = ring sequence +
/// <see cref="SequenceOffset"/>. Owned by the journaller thread.
/// </summary>
public sealed class JournalHandler : IEventHandler<InputSlot>
{
    private readonly JournalStage<InputSlot, InputSlotAccessor> _stage;
    private readonly RingBuffer<InputSlot> _ring;
    private readonly StageLatency _receiveToJournaled;

    // The ring sequence of the current batch's first slot (-1: the next event starts a batch).
    private long _batchStart = -1;

    public JournalHandler(JournalWriter writer, long sequenceOffset, RingBuffer<InputSlot> ring, PipelineLatencies latencies)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(latencies);
        _stage = new JournalStage<InputSlot, InputSlotAccessor>(writer);
        SequenceOffset = sequenceOffset;
        _ring = ring;
        _receiveToJournaled = latencies.ReceiveToJournaled;
    }

    public string Name => "journaller";

    public long SequenceOffset { get; }

    public void OnEvent(ref InputSlot slot, long sequence, bool endOfBatch)
    {
        if (_batchStart < 0)
        {
            _batchStart = sequence;
        }

        _stage.OnEvent(ref slot, sequence + SequenceOffset, endOfBatch);
        if (endOfBatch)
        {
            // Committed: the batch is durable under the policy. The slots are still this stage's until OnEvent returns.
            long journaled = MonotonicClock.WallNanos();
            for (long s = _batchStart; s <= sequence; s++)
            {
                ref InputSlot batched = ref _ring[s];
                batched.JournaledTime = journaled;
                _receiveToJournaled.Record(journaled - batched.EngineTime);
            }

            _batchStart = -1;
        }
    }

    /// <summary>The BLP already has the batch: the journal prepares its next commits (see JournalWriter.PrepareAhead).</summary>
    public void OnBatchPublished() => _stage.OnBatchPublished();
}
