using Engine.Concurrency.Agents;
using Engine.Concurrency.Threading;

namespace Engine.Concurrency.Tests.Agents;

/// <summary>
/// Does one unit of work per duty cycle until <c>stopAfter</c> units (then asks to terminate), idles every other
/// cycle, and records the lifecycle calls with their threads. Throws at the configured cycle.
/// </summary>
/// <remarks>Owned by its runner thread while running; read by the test after the runner ended.</remarks>
public sealed class CountingAgent : IAgent
{
    private readonly int _stopAfter;
    private readonly int _throwAtCycle;
    private int _cycles;

    public CountingAgent(string roleName, int stopAfter, int throwAtCycle = -1)
    {
        RoleName = roleName;
        _stopAfter = stopAfter;
        _throwAtCycle = throwAtCycle;
    }

    public string RoleName { get; }

    public int Work { get; private set; }

    public int Starts { get; private set; }

    public int Closes { get; private set; }

    public string? StartThreadName { get; private set; }

    public string? CloseThreadName { get; private set; }

    public int[]? Affinity { get; private set; }

    public void OnStart()
    {
        Starts++;
        StartThreadName = Thread.CurrentThread.Name;
        if (ThreadAffinity.IsSupported)
        {
            Affinity = ThreadAffinity.GetCurrentThreadAffinity();
        }
    }

    public int DoWork()
    {
        int cycle = _cycles++;
        if (cycle == _throwAtCycle)
        {
            throw new InvalidDataException($"agent failed at cycle {cycle}");
        }

        if (Work == _stopAfter)
        {
            throw new AgentTerminationException();
        }

        if (cycle % 2 == 1)
        {
            return 0;
        }

        Work++;
        return 1;
    }

    public void OnClose()
    {
        Closes++;
        CloseThreadName = Thread.CurrentThread.Name;
    }
}
