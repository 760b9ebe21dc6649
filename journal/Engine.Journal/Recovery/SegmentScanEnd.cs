namespace Engine.Journal.Recovery;

/// <summary>How the walk over a segment's records stopped.</summary>
internal enum SegmentScanEnd
{
    /// <summary>At a zero length word: the segment is still open for appends.</summary>
    Open,

    /// <summary>At the end-of-segment marker: the writer moved on.</summary>
    EndMarker,

    /// <summary>At a record with an impossible length, bad checksum or broken sequence.</summary>
    Invalid,
}
