using Engine.Concurrency.Processors;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// The multi-producer consumer: values are <c>i * producers + producer</c>, so it can check each producer's order
/// (strictly increasing) besides the count and the sum.
/// </summary>
/// <remarks>Owned by its processor thread; read after it stopped.</remarks>
public struct OrderCheckingHandler : IEventHandler<LongEvent>
{
    private readonly long[] _last;

    public OrderCheckingHandler(int producers)
    {
        _last = new long[producers];
        _last.AsSpan().Fill(-1);
        Sum = 0;
        Count = 0;
        OrderViolations = 0;
    }

    public long Sum;
    public long Count;
    public long OrderViolations;

    public readonly string Name => "order-checking-consumer";

    public void OnEvent(ref LongEvent slot, long sequence, bool endOfBatch)
    {
        long value = slot.Value;
        int producer = (int)(value % _last.Length);
        if (value <= _last[producer])
        {
            OrderViolations++;
        }

        _last[producer] = value;
        Sum += value;
        Count++;
    }

    /// <summary>Starts a new round: each producer's values restart from its lowest.</summary>
    public readonly void ResetOrder() => _last.AsSpan().Fill(-1);
}
