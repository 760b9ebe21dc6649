namespace Engine.Transport;

/// <summary>
/// A transport file is not one this build can use: wrong magic, another layout version, sizes that do not fit,
/// or an engine that is not running. The message names the file and what differs.
/// </summary>
public sealed class TransportLayoutException : Exception
{
    public TransportLayoutException(string message)
        : base(message)
    {
    }
}
