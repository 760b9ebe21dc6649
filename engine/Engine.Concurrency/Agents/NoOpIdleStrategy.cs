namespace Engine.Concurrency.Agents;

/// <summary>Does nothing at all, not even a pause hint: the tightest possible loop (benchmarks, dedicated cores).</summary>
/// <remarks>Stateless; any thread.</remarks>
public sealed class NoOpIdleStrategy : IIdleStrategy
{
    public void Idle(int workCount)
    {
    }

    public void Reset()
    {
    }
}
