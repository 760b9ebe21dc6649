namespace Engine.Concurrency.Processors;

/// <summary>
/// A handler's exception with where it happened: the stage, the phase and the sequence of the event being handled
/// (for <see cref="FaultPhase.Start"/> and <see cref="FaultPhase.Shutdown"/>, the next sequence the stage would
/// have processed). Immutable.
/// </summary>
public sealed class ProcessorFault
{
    public ProcessorFault(string processorName, FaultPhase phase, long sequence, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(processorName);
        ArgumentNullException.ThrowIfNull(exception);
        ProcessorName = processorName;
        Phase = phase;
        Sequence = sequence;
        Exception = exception;
    }

    public string ProcessorName { get; }

    public FaultPhase Phase { get; }

    public long Sequence { get; }

    public Exception Exception { get; }

    /// <summary>One line for logs: stage, phase, sequence and the exception's type and message.</summary>
    public override string ToString() =>
        $"stage '{ProcessorName}' failed in {Phase} at sequence {Sequence}: {Exception.GetType().Name}: {Exception.Message}";
}
