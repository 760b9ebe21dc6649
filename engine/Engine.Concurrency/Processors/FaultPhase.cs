namespace Engine.Concurrency.Processors;

/// <summary>Where in a stage's life a handler threw.</summary>
public enum FaultPhase
{
    /// <summary>In <see cref="IEventHandler{T}.OnStart"/>: no event was processed.</summary>
    Start,

    /// <summary>In <see cref="IEventHandler{T}.OnEvent"/>: the fault's sequence is the event that failed.</summary>
    Event,

    /// <summary>In <see cref="IEventHandler{T}.OnShutdown"/>.</summary>
    Shutdown,
}
