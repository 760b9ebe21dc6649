using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.WaitStrategies;

/// <summary>
/// How a consumer waits for the next sequence: the trade between latency (how soon it notices a publish) and CPU
/// (what it burns while nothing happens). One instance serves a ring's sequencer and all of its barriers.
/// </summary>
/// <remarks>
/// Latency and CPU, measured by the ring harnesses (docs/PERFORMANCE.md):
/// <list type="bullet">
/// <item><see cref="BusySpinWaitStrategy"/>: lowest latency (a cache-line transfer), burns one core per consumer;
/// only when every spinning thread has a core of its own. It offers its core once per ~45 µs of idleness, so a
/// thread that has to share it still runs, but it never gives the core away between events of a busy stream.</item>
/// <item><see cref="YieldingWaitStrategy"/>: near busy-spin latency while others run, gives the core away when asked;
/// still 100% CPU when idle. The default for more threads than cores.</item>
/// <item><see cref="SleepingWaitStrategy"/>: spins, yields, then sleeps about a millisecond: low CPU when idle,
/// a millisecond of latency on the first event after a pause; for non-critical stages (replication).</item>
/// <item><see cref="BlockingWaitStrategy"/>: no CPU when idle, wake-up through the OS (tens of microseconds);
/// every publish pays an atomic exchange, plus a lock when a consumer is asleep.</item>
/// </list>
/// </remarks>
public interface IWaitStrategy
{
    /// <summary>True when producers must call <see cref="SignalAllWhenBlocking"/> after publishing.</summary>
    bool IsBlocking { get; }

    /// <summary>
    /// Waits until <see cref="SequenceBarrier.DependentSequence"/> reaches <paramref name="sequence"/> and returns it,
    /// or returns early (a value below <paramref name="sequence"/>) when the barrier is alerted.
    /// </summary>
    long WaitFor(long sequence, SequenceBarrier barrier);

    /// <summary>Wakes consumers blocked in <see cref="WaitFor"/> (a no-op for strategies that never block).</summary>
    void SignalAllWhenBlocking();
}
