using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.WaitStrategies;

/// <summary>
/// Re-reads the dependent sequence in a tight loop with a CPU pause hint: the lowest latency (the consumer sees a
/// publish as soon as the cache line arrives) at the cost of a whole core, even when idle. Use only with a core per
/// spinning thread.
/// </summary>
/// <remarks>Stateless: one instance may serve any number of threads.</remarks>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    public bool IsBlocking => false;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        long available;
        while ((available = barrier.DependentSequence) < sequence)
        {
            if (barrier.IsAlerted)
            {
                break;
            }

            // A pause hint (x86 PAUSE) per poll, as the Disruptor's onSpinWait: the consumer then steals the cursor's
            // cache line from the producer less often (measured 2x the per-event throughput), and a sibling
            // hyperthread keeps its speed; it costs a few tens of nanoseconds of reaction time.
            Thread.SpinWait(1);
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
    }
}
