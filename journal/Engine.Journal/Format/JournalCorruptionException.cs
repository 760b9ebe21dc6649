namespace Engine.Journal.Format;

/// <summary>
/// A record that is not the torn tail of the journal is damaged: the journal cannot be trusted past it. The
/// message names the file, the offset and the sequence expected there; recovery refuses to continue unless an
/// explicit repair (truncation at <see cref="Offset"/>) is requested.
/// </summary>
public sealed class JournalCorruptionException : IOException
{
    public JournalCorruptionException(string file, long offset, long expectedSequence, string reason)
        : base($"{file}: corrupt record at offset {offset} (expected sequence {expectedSequence}): {reason}; " +
               "the records after it cannot be trusted (repair truncates the journal here)")
    {
        File = file;
        Offset = offset;
        ExpectedSequence = expectedSequence;
        Reason = reason;
    }

    public string File { get; }

    public long Offset { get; }

    public long ExpectedSequence { get; }

    public string Reason { get; }
}
