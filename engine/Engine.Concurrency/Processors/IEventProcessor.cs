using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.Processors;

/// <summary>
/// A consumer loop over a ring, run on a thread of its own: waits on its barrier, hands events to its handler and
/// advances <see cref="Sequence"/> (which later stages and the producers' gating follow).
/// </summary>
public interface IEventProcessor
{
    /// <summary>The stage's name (its handler's), used for the thread and in fault reports.</summary>
    string Name { get; }

    /// <summary>The highest sequence this stage has finished with. Written by the processor's thread only.</summary>
    Sequence Sequence { get; }

    /// <summary>True between the start and the end of <see cref="Run"/>.</summary>
    bool IsRunning { get; }

    /// <summary>The handler's failure that stopped this processor, or null.</summary>
    ProcessorFault? Fault { get; }

    /// <summary>Processes events on the calling thread until halted or failed. A processor runs once.</summary>
    void Run();

    /// <summary>Asks the processor to stop as soon as it has nothing more to process; returns at once.</summary>
    void Halt();
}
