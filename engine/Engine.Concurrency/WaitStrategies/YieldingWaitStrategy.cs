using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.WaitStrategies;

/// <summary>
/// Spins <see cref="SpinTries"/> times, then calls <see cref="Thread.Yield"/> between reads: close to busy-spin
/// latency while the ring is active, but a thread that needs this core (a producer, a later stage) gets it.
/// Still 100% CPU while idle.
/// </summary>
/// <remarks>Stateless: one instance may serve any number of threads.</remarks>
public sealed class YieldingWaitStrategy : IWaitStrategy
{
    /// <summary>Reads before the first yield: long enough to catch a publish already in flight.</summary>
    public const int SpinTries = 100;

    public bool IsBlocking => false;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        int counter = SpinTries;
        long available;
        while ((available = barrier.DependentSequence) < sequence)
        {
            if (barrier.IsAlerted)
            {
                break;
            }

            if (counter == 0)
            {
                Thread.Yield();
            }
            else
            {
                counter--;
            }
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
    }
}
