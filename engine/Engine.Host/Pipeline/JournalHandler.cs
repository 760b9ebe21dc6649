using Engine.Concurrency.Processors;
using Engine.Journal.Writing;

namespace Engine.Host;

/// <summary>
/// Stage 1 of the inbound ring: appends every input to the journal and commits at the end of each batch (group
/// commit). The BLP stage gates on this stage's sequence, which the processor advances only after the batch's last
/// <see cref="OnEvent"/> returned, that is after the commit: so the BLP never sees an input the fsync policy has not
/// made durable. Journal sequence = ring sequence + <see cref="SequenceOffset"/>. Owned by the journaller thread.
/// </summary>
public sealed class JournalHandler : IEventHandler<InputSlot>
{
    private readonly JournalStage<InputSlot, InputSlotAccessor> _stage;

    public JournalHandler(JournalWriter writer, long sequenceOffset)
    {
        _stage = new JournalStage<InputSlot, InputSlotAccessor>(writer);
        SequenceOffset = sequenceOffset;
    }

    public string Name => "journaller";

    public long SequenceOffset { get; }

    public void OnEvent(ref InputSlot slot, long sequence, bool endOfBatch) => _stage.OnEvent(ref slot, sequence + SequenceOffset, endOfBatch);

    /// <summary>The BLP already has the batch: the journal prepares its next commits (see JournalWriter.PrepareAhead).</summary>
    public void OnBatchPublished() => _stage.OnBatchPublished();
}
