namespace Engine.Concurrency.Agents;

/// <summary>Sleeps a fixed time when idle: almost no CPU, latency of up to one sleep (timers, housekeeping).</summary>
/// <remarks>Stateless; any thread.</remarks>
public sealed class SleepingIdleStrategy : IIdleStrategy
{
    private readonly int _sleepMilliseconds;

    public SleepingIdleStrategy(int sleepMilliseconds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sleepMilliseconds);
        _sleepMilliseconds = sleepMilliseconds;
    }

    public void Idle(int workCount)
    {
        if (workCount == 0)
        {
            Thread.Sleep(_sleepMilliseconds);
        }
    }

    public void Reset()
    {
    }
}
