namespace Engine.Journal.Reading;

/// <summary>Where a record starts: the segment index and the byte offset inside the segment.</summary>
public readonly record struct JournalPosition(long SegmentIndex, int Offset);
