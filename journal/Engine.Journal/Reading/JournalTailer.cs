namespace Engine.Journal.Reading;

/// <summary>
/// Follows a journal while it is written (by this process or another one mapping the same files): each
/// <see cref="Poll{THandler}"/> delivers the records published since the last one. A journal that does not
/// exist yet is waited for. Owned by one thread; polling allocates nothing except when moving to a new segment.
/// </summary>
public sealed class JournalTailer : IDisposable
{
    private readonly JournalReader _reader;
    private long _pendingSeek;

    private JournalTailer(string directory, long fromSequence)
    {
        _reader = new JournalReader(directory, follow: true);
        _pendingSeek = fromSequence;
    }

    /// <summary>Follows <paramref name="directory"/> starting at <paramref name="fromSequence"/> (-1: from the first record).</summary>
    public static JournalTailer Open(string directory, long fromSequence = -1)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: journal directory not found");
        }

        return new JournalTailer(directory, fromSequence);
    }

    /// <summary>The sequence of the next record this tailer will deliver (-1 until the journal is found).</summary>
    public long NextSequence => _pendingSeek >= 0 ? _pendingSeek : _reader.NextSequence;

    /// <summary>Set while the journal ends in a torn record (a crashed writer not yet recovered).</summary>
    public TornTail? TornTail => _reader.TornTail;

    /// <summary>
    /// Delivers up to <paramref name="limit"/> records, none beyond <paramref name="maxSequence"/> (pass the
    /// writer's durable sequence to see only acknowledged records); returns how many were delivered.
    /// </summary>
    public int Poll<THandler>(ref THandler handler, int limit, long maxSequence = long.MaxValue)
        where THandler : IJournalRecordHandler
    {
        if (_pendingSeek >= 0)
        {
            if (!_reader.Seek(_pendingSeek))
            {
                return 0;
            }

            _pendingSeek = -1;
        }

        int delivered = 0;
        while (delivered < limit && (_reader.NextSequence < 0 || _reader.NextSequence <= maxSequence) && _reader.TryRead(out JournalRecord record))
        {
            handler.OnRecord(in record);
            delivered++;
        }

        return delivered;
    }

    public void Dispose() => _reader.Dispose();
}
