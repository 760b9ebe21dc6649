using Engine.Concurrency.Processors;

namespace Engine.Concurrency.Tests.Processors;

/// <summary>
/// A struct handler with none of the optional hooks: sums the slots and measures the bytes its thread allocates
/// between two sequences (the per-batch work of the processor included).
/// </summary>
/// <remarks>Owned by its processor thread while running; read through the processor's handler after halt.</remarks>
public struct AllocationMeasuringHandler : IEventHandler<long>
{
    private readonly long _measureFrom;
    private readonly long _measureTo;
    private long _allocatedAtStart;

    public AllocationMeasuringHandler(long measureFrom, long measureTo)
    {
        _measureFrom = measureFrom;
        _measureTo = measureTo;
        _allocatedAtStart = 0;
        AllocatedBytes = -1;
        Count = 0;
        Batches = 0;
    }

    public readonly string Name => "allocation-measuring";

    public long AllocatedBytes { readonly get; private set; }

    public long Count { readonly get; private set; }

    public long Batches { readonly get; private set; }

    public void OnEvent(ref long slot, long sequence, bool endOfBatch)
    {
        if (sequence == _measureFrom)
        {
            _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        }
        else if (sequence == _measureTo)
        {
            AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart;
        }

        Count++;
        Batches += endOfBatch ? 1 : 0;
    }
}
