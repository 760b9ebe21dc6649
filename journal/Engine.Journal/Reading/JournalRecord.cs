namespace Engine.Journal.Reading;

/// <summary>
/// One record as read from the journal: a view over the segment's memory, valid until the reader moves on.
/// Copy the payload if it must outlive the next read.
/// </summary>
public readonly ref struct JournalRecord
{
    public JournalRecord(long sequence, int templateId, long venueTime, long receiveTime, uint checksum, JournalPosition position, ReadOnlySpan<byte> payload)
    {
        Sequence = sequence;
        TemplateId = templateId;
        VenueTime = venueTime;
        ReceiveTime = receiveTime;
        Checksum = checksum;
        Position = position;
        Payload = payload;
    }

    public long Sequence { get; }

    public int TemplateId { get; }

    /// <summary>Nanoseconds since the Unix epoch, as stamped by the venue.</summary>
    public long VenueTime { get; }

    /// <summary>Nanoseconds since the Unix epoch, as stamped by our receiver.</summary>
    public long ReceiveTime { get; }

    /// <summary>The record's stored (and verified) CRC32C.</summary>
    public uint Checksum { get; }

    public JournalPosition Position { get; }

    /// <summary>The SBE message, header included.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
