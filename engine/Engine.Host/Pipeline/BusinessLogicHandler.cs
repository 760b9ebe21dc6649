using Engine.Concurrency.Processors;
using Engine.Core;

namespace Engine.Host;

/// <summary>
/// Stage 2 of the inbound ring: hands each journaled input to the BLP, and after a SnapshotRequest input writes a
/// snapshot of the state at exactly that input (so every replay agrees where it was taken). Owned by the BLP thread.
/// </summary>
public sealed class BusinessLogicHandler(BusinessLogicProcessor processor, long sequenceOffset, string journalDirectory, Action<string> log) : IEventHandler<InputSlot>
{
    private long _lastSequence;

    public string Name => "blp";

    /// <summary>The journal sequence of the last input applied (readable from any thread, for progress).</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    public void OnEvent(ref InputSlot slot, long sequence, bool endOfBatch)
    {
        long journalSequence = sequence + sequenceOffset;
        processor.Process(journalSequence, slot.ReceiveTime, slot.Message);
        Volatile.Write(ref _lastSequence, journalSequence);
        if (slot.TemplateId == Engine.Codecs.SnapshotRequestDecoder.TemplateId)
        {
            EngineHost.WriteSnapshot(processor, journalDirectory, log);
        }
    }
}
