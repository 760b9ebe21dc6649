namespace Engine.Concurrency.Agents;

/// <summary>Thrown by an agent's <see cref="IAgent.DoWork"/> to end its runner cleanly (not a failure).</summary>
public sealed class AgentTerminationException : Exception
{
    public AgentTerminationException()
        : base("the agent asked to terminate")
    {
    }

    public AgentTerminationException(string message)
        : base(message)
    {
    }

    public AgentTerminationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
