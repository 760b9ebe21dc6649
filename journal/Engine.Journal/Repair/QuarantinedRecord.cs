namespace Engine.Journal.Repair;

/// <summary>
/// A record a repair took out of the journal that is still readable (its length is plausible and its CRC32C
/// valid), with everything the segment format holds about it, so an auditor can see what the journal lost.
/// </summary>
public sealed record QuarantinedRecord(
    long SegmentIndex,
    int Offset,
    long Sequence,
    int TemplateId,
    long VenueTime,
    long ReceiveTime,
    uint Checksum,
    byte[] Payload);
