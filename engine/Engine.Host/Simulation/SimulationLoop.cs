namespace Engine.Host;

/// <summary>
/// A discrete-event simulation around one kernel: simulated time jumps to the earliest action of its edges, and that
/// edge acts (ties: in the order the edges were added). Nothing reads a real clock or depends on thread timing, so the
/// same edges, seeds and latencies give a byte-identical journal and StateHash on every run and every machine.
/// Single-threaded; one run per instance.
/// </summary>
public sealed class SimulationLoop(EngineKernel kernel, SimulationOutputs outputs)
{
    private readonly List<ISimulationEdge> _edges = [];

    /// <summary>The simulated time of the last action (ns since the Unix epoch).</summary>
    public long Now { get; private set; }

    public void Add(ISimulationEdge edge) => _edges.Add(edge);

    /// <summary>Runs every action up to <paramref name="end"/> (inclusive) from <paramref name="start"/>.</summary>
    public void Run(long start, long end)
    {
        Now = start;
        while (true)
        {
            ISimulationEdge? next = null;
            long time = long.MaxValue;
            foreach (ISimulationEdge edge in _edges)
            {
                long due = edge.NextEventTime;
                if (due < time)
                {
                    time = due;
                    next = edge;
                }
            }

            if (next is null || time > end)
            {
                return;
            }

            Now = Math.Max(Now, time);
            outputs.Now = Now;
            next.Act(Now, kernel);
        }
    }
}
