namespace Engine.Concurrency.Agents;

/// <summary>An agent threw and its runner stopped: names the agent's role; the agent's exception is the inner one.</summary>
public sealed class AgentFaultException : Exception
{
    public AgentFaultException()
        : base("an agent failed")
    {
    }

    public AgentFaultException(string message)
        : base(message)
    {
    }

    public AgentFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
