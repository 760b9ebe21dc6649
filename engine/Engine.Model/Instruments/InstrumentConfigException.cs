namespace Engine.Model;

/// <summary>The instrument config is invalid; the message names the source, the JSON path and what is wrong.</summary>
public sealed class InstrumentConfigException : Exception
{
    public InstrumentConfigException(string message)
        : base(message)
    {
    }

    public InstrumentConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
