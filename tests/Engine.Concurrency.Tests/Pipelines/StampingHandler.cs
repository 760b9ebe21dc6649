using Engine.Concurrency.Processors;

namespace Engine.Concurrency.Tests.Pipelines;

/// <summary>A first stage (journaller or replicator stand-in) that stamps each slot with the sequence it saw.</summary>
/// <remarks>A struct handler: the processor is specialised for it. Owned by its processor thread.</remarks>
public struct StampingHandler : IEventHandler<StressEvent>
{
    private readonly bool _journal;

    public StampingHandler(bool journal)
    {
        _journal = journal;
    }

    public readonly string Name => _journal ? "journaller" : "replicator";

    public readonly void OnEvent(ref StressEvent slot, long sequence, bool endOfBatch)
    {
        if (_journal)
        {
            slot.JournalStamp = sequence;
        }
        else
        {
            slot.ReplicaStamp = sequence;
        }
    }
}
