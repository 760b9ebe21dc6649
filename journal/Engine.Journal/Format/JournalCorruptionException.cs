namespace Engine.Journal.Format;

/// <summary>
/// A record that is not the torn tail of the journal is damaged: the journal cannot be trusted past it. The
/// message names the file, the offset and the sequence expected there; recovery refuses to continue until the
/// journal is repaired (<c>engine journal repair</c>, see <see cref="Repair.JournalRepair"/>, cuts it at <see cref="Offset"/>).
/// </summary>
public sealed class JournalCorruptionException : IOException
{
    public JournalCorruptionException(string file, long offset, long expectedSequence, string reason)
        : base($"{file}: corrupt record at offset {offset} (expected sequence {expectedSequence}): {reason}; " +
               $"the records after it cannot be trusted; run 'engine journal repair {System.IO.Path.GetDirectoryName(file)}' " +
               "to cut the journal there (it keeps the original bytes and quarantines the readable records after it)")
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
