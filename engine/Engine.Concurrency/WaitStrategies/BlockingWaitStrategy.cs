using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.WaitStrategies;

/// <summary>
/// Parks a consumer on a monitor until a producer publishes: no CPU while idle, wake-up latency of an OS context
/// switch (tens of microseconds). Waiting for the earlier stages of a pipeline (which do not signal) spins, then
/// yields.
/// </summary>
/// <remarks>
/// Publishing costs one atomic exchange, plus a lock and a pulse only when a consumer is actually asleep: a waiter
/// raises <c>_signalNeeded</c> (full fence) before its last look at the cursor, a producer clears it (full fence)
/// after moving the cursor, so either the waiter sees the new cursor or the producer sees the flag and pulses; the
/// lock around the waiter's check and <see cref="Monitor.Wait(object)"/> closes the remaining window.
/// Thread-safe: shared by the sequencer and every barrier of a ring.
/// </remarks>
public sealed class BlockingWaitStrategy : IWaitStrategy
{
    private readonly object _gate = new();
    private int _signalNeeded;

    public bool IsBlocking => true;

    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        if (barrier.Cursor < sequence)
        {
            lock (_gate)
            {
                while (barrier.Cursor < sequence)
                {
                    Interlocked.Exchange(ref _signalNeeded, 1);
                    if (barrier.Cursor >= sequence)
                    {
                        break;
                    }

                    if (barrier.IsAlerted)
                    {
                        return barrier.DependentSequence;
                    }

                    Monitor.Wait(_gate);
                }
            }
        }

        var spinner = default(SpinWait);
        long available;
        while ((available = barrier.DependentSequence) < sequence)
        {
            if (barrier.IsAlerted)
            {
                break;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
        if (Interlocked.Exchange(ref _signalNeeded, 0) != 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }
}
