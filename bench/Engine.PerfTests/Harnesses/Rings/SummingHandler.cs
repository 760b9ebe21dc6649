using Engine.Concurrency.Processors;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// The consumer of ring-1p1c: sums values and counts events (the result a run is checked by) and the
/// batches it was handed (how far behind the producer it ran).
/// </summary>
/// <remarks>A struct handler, so the processor loop is specialised and OnEvent inlined. Owned by its processor thread.</remarks>
public struct SummingHandler : IEventHandler<ValueEvent>
{
    public long Sum;
    public long Count;
    public long Batches;

    public readonly string Name => "summing-consumer";

    public void OnEvent(ref ValueEvent slot, long sequence, bool endOfBatch)
    {
        Sum += slot.Value;
        Count++;
        Batches += endOfBatch ? 1 : 0;
    }
}
