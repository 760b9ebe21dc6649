namespace Engine.Concurrency.Agents;

/// <summary>
/// Never gives the core away; issues a CPU pause hint while idle so a sibling hyperthread keeps its speed. Lowest
/// latency, a full core burnt: only for a thread with a core of its own.
/// </summary>
/// <remarks>Stateless; any thread.</remarks>
public sealed class BusySpinIdleStrategy : IIdleStrategy
{
    public void Idle(int workCount)
    {
        if (workCount == 0)
        {
            Thread.SpinWait(1);
        }
    }

    public void Reset()
    {
    }
}
