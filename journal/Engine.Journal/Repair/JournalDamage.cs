namespace Engine.Journal.Repair;

/// <summary>
/// The first place a journal cannot be trusted past: a bad record at <see cref="Offset"/> of a segment, or (when
/// <see cref="WholeSegment"/>) a segment whose header, archive or position in the sequence is itself damaged or
/// missing. Everything before it is intact; everything from it on is what a repair takes out of the journal.
/// </summary>
/// <param name="SegmentIndex">The segment (by its index in the file name) where the damage starts.</param>
/// <param name="File">That segment's file; null when the segment is missing altogether.</param>
/// <param name="Offset">Where the first bad record starts; the header length when <see cref="WholeSegment"/>.</param>
/// <param name="ExpectedSequence">The sequence the first bad record should have carried.</param>
/// <param name="Reason">Why it is bad, in words (CRC mismatch, impossible length, broken sequence, truncated file...).</param>
/// <param name="WholeSegment">True when the segment cannot be kept at all, so the journal ends before it.</param>
public sealed record JournalDamage(long SegmentIndex, string? File, int Offset, long ExpectedSequence, string Reason, bool WholeSegment);
