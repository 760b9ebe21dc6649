namespace Engine.Host;

/// <summary>
/// Something a simulation plugs into the kernel that acts at times it knows in advance: a venue (market data it
/// publishes, answers to the engine's requests), a dataset, a timer. The <see cref="SimulationLoop"/> steps simulated
/// time from one edge's action to the next. Owned by the simulation's thread.
/// </summary>
public interface ISimulationEdge
{
    /// <summary>The simulated time (ns) of the edge's next action; <see cref="long.MaxValue"/> when it has none.</summary>
    long NextEventTime { get; }

    /// <summary>Performs the action due at <paramref name="time"/> (its <see cref="NextEventTime"/>), submitting any inputs to the kernel.</summary>
    void Act(long time, EngineKernel kernel);
}
