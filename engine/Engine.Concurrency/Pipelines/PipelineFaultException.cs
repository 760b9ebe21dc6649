using Engine.Concurrency.Processors;

namespace Engine.Concurrency.Pipelines;

/// <summary>
/// A stage of the pipeline failed and the pipeline stopped: carries the <see cref="ProcessorFault"/> (stage, phase,
/// sequence) and the handler's exception as the inner exception.
/// </summary>
public sealed class PipelineFaultException : Exception
{
    public PipelineFaultException(ProcessorFault fault)
        : base(FormatMessage(fault), fault?.Exception)
    {
        Fault = fault!;
    }

    public PipelineFaultException()
        : this("the pipeline failed")
    {
    }

    public PipelineFaultException(string message)
        : base(message)
    {
        Fault = new ProcessorFault("unknown", FaultPhase.Event, -1, this);
    }

    public PipelineFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
        Fault = new ProcessorFault("unknown", FaultPhase.Event, -1, innerException);
    }

    public ProcessorFault Fault { get; }

    private static string FormatMessage(ProcessorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return $"pipeline halted: {fault}";
    }
}
