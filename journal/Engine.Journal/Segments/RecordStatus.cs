namespace Engine.Journal.Segments;

/// <summary>What a reader finds at a record position.</summary>
internal enum RecordStatus
{
    /// <summary>A complete record with a valid checksum and the expected sequence.</summary>
    Valid,

    /// <summary>Zero length: nothing written here (yet).</summary>
    Empty,

    /// <summary>The writer moved on to the next segment.</summary>
    EndOfSegment,

    /// <summary>Impossible length, bad checksum or unexpected sequence: a torn tail or corruption.</summary>
    Invalid,
}
