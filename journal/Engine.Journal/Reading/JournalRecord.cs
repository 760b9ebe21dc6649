namespace Engine.Journal.Reading;

/// <summary>
/// One record as read from the journal: a view over the segment's memory, valid until the reader moves on.
/// Copy the payload if it must outlive the next read.
/// </summary>
public readonly ref struct JournalRecord
{
    public JournalRecord(long sequence, int templateId, long exchangeTime, long engineTime, uint checksum, JournalPosition position, ReadOnlySpan<byte> payload)
    {
        Sequence = sequence;
        TemplateId = templateId;
        ExchangeTime = exchangeTime;
        EngineTime = engineTime;
        Checksum = checksum;
        Position = position;
        Payload = payload;
    }

    public long Sequence { get; }

    public int TemplateId { get; }

    /// <summary>Exchange clock: the venue's own time of a market-data input (ns since the Unix epoch, UTC); 0 for other inputs.</summary>
    public long ExchangeTime { get; }

    /// <summary>Engine clock: when the engine's receiver took the input (ns since the Unix epoch, UTC): the only time the engine's logic reads.</summary>
    public long EngineTime { get; }

    /// <summary>The record's stored (and verified) CRC32C.</summary>
    public uint Checksum { get; }

    public JournalPosition Position { get; }

    /// <summary>The SBE message, header included.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
