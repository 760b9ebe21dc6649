namespace Engine.Sbe.Decoding;

/// <summary>
/// A buffer that does not hold a valid message of the schema: truncated, unknown template, schema id mismatch, a
/// group or var data running past the end. The message is one line naming what is wrong and the byte offset.
/// </summary>
public sealed class SbeDecodeException : Exception
{
    public SbeDecodeException()
    {
    }

    public SbeDecodeException(string message)
        : base(message)
    {
    }

    public SbeDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
