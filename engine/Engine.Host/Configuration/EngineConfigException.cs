namespace Engine.Host;

/// <summary>The engine config is invalid; the message names the file, the JSON path and what is wrong.</summary>
public sealed class EngineConfigException : Exception
{
    public EngineConfigException(string message)
        : base(message)
    {
    }

    public EngineConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
