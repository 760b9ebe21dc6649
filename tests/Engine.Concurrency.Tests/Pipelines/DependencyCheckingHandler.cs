using Engine.Concurrency.Processors;
using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.Tests.Pipelines;

/// <summary>
/// The business-logic stand-in: for every event, both first stages must already have stamped the slot and their
/// published sequences must have reached it. Counts violations instead of throwing.
/// </summary>
/// <remarks>Owned by its processor thread; read by the test after halt.</remarks>
public sealed class DependencyCheckingHandler : IEventHandler<StressEvent>
{
    private readonly Sequence[] _upstream;

    public DependencyCheckingHandler(params Sequence[] upstream)
    {
        _upstream = upstream;
    }

    public string Name => "blp";

    public long Count { get; private set; }

    public long Violations { get; private set; }

    public void OnEvent(ref StressEvent slot, long sequence, bool endOfBatch)
    {
        if (slot.JournalStamp != sequence || slot.ReplicaStamp != sequence)
        {
            Violations++;
        }

        foreach (Sequence upstream in _upstream)
        {
            if (upstream.Value < sequence)
            {
                Violations++;
            }
        }

        Count++;
    }
}
