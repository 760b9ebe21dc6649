namespace Engine.Risk;

/// <summary>The risk config is invalid; the message names the source, the JSON path and what is wrong.</summary>
public sealed class RiskConfigException : Exception
{
    public RiskConfigException(string message)
        : base(message)
    {
    }

    public RiskConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
