using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.WaitStrategies;

/// <summary>
/// Backs off in three steps: <see cref="SpinTries"/> reads, then <see cref="YieldTries"/> yields, then sleeps of
/// <see cref="SleepMilliseconds"/> between reads. Low CPU while idle; the first event after a pause waits up to a
/// sleep (about a millisecond on Linux). For stages whose latency does not matter (replication, archiving).
/// </summary>
/// <remarks>Stateless (the back-off counter is a local): one instance may serve any number of threads.</remarks>
public sealed class SleepingWaitStrategy : IWaitStrategy
{
    public const int SpinTries = 100;
    public const int YieldTries = 100;

    /// <summary>The shortest sleep the OS timer honours; anything shorter is a yield.</summary>
    public const int SleepMilliseconds = 1;

    public bool IsBlocking => false;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        int counter = SpinTries + YieldTries;
        long available;
        while ((available = barrier.DependentSequence) < sequence)
        {
            if (barrier.IsAlerted)
            {
                break;
            }

            if (counter > YieldTries)
            {
                counter--;
            }
            else if (counter > 0)
            {
                counter--;
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(SleepMilliseconds);
            }
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
    }
}
