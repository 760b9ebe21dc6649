namespace Engine.Concurrency.Sequencing;

/// <summary>
/// Thrown to a producer waiting for capacity in a ring whose pipeline has halted (a stage failed or the host
/// halted it): the slots it waits for will never be freed, so waiting would hang the producer forever.
/// </summary>
public sealed class PipelineHaltedException : InvalidOperationException
{
    public PipelineHaltedException(string message)
        : base(message)
    {
    }

    public PipelineHaltedException()
        : base("the pipeline has halted")
    {
    }

    public PipelineHaltedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
