namespace Engine.Journal.Format;

/// <summary>
/// A file is not a journal segment, was written by a newer engine, or belongs to another journal (schema,
/// segment numbering). The message names the file and what is wrong.
/// </summary>
public sealed class JournalFormatException : IOException
{
    public JournalFormatException(string message)
        : base(message)
    {
    }
}
