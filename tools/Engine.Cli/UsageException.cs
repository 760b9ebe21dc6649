namespace Engine.Cli;

/// <summary>
/// Thrown when arguments parse but do not make sense together (for example two mutually exclusive inputs).
/// Printed as one line on stderr; the process exits with 2.
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
