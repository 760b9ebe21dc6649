using Engine.Concurrency.Processors;

namespace Engine.Concurrency.Tests.Pipelines;

/// <summary>
/// Counts events and checks they arrive in sequence order; throws on one configured sequence; measures the bytes its
/// thread allocates between the warm-up event and the last event.
/// </summary>
/// <remarks>Owned by its processor thread while running; read by the test after halt.</remarks>
public sealed class CountingHandler : IEventHandler<StressEvent>
{
    private readonly long _throwAt;
    private readonly long _measureFrom;
    private readonly long _measureTo;
    private long _allocatedAtStart;

    public CountingHandler(string name, long throwAt = -1, long measureFrom = -1, long measureTo = -1)
    {
        Name = name;
        _throwAt = throwAt;
        _measureFrom = measureFrom;
        _measureTo = measureTo;
    }

    public string Name { get; }

    public long Count { get; private set; }

    public long LastSequence { get; private set; } = -1;

    public bool OutOfOrder { get; private set; }

    public long AllocatedBytes { get; private set; } = -1;

    public void OnEvent(ref StressEvent slot, long sequence, bool endOfBatch)
    {
        if (sequence == _throwAt)
        {
            throw new InvalidOperationException($"handler refused event {sequence}");
        }

        if (sequence == _measureFrom)
        {
            _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (sequence == _measureTo)
        {
            AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart;
        }

        OutOfOrder |= sequence != LastSequence + 1;
        LastSequence = sequence;
        Count++;
    }
}
