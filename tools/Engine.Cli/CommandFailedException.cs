namespace Engine.Cli;

/// <summary>
/// Thrown by a command that ran but could not do its job. The message is printed as one line on stderr and the
/// process exits with 1, so the message must say what is wrong and where (file, offset, key, ...).
/// </summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException(string message)
        : base(message)
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
