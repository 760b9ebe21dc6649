namespace Engine.Concurrency.Agents;

/// <summary>Yields the core when idle: low latency, polite to other runnable threads, still 100% CPU when idle.</summary>
/// <remarks>Stateless; any thread.</remarks>
public sealed class YieldingIdleStrategy : IIdleStrategy
{
    public void Idle(int workCount)
    {
        if (workCount == 0)
        {
            Thread.Yield();
        }
    }

    public void Reset()
    {
    }
}
