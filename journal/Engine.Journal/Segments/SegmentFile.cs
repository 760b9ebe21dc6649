namespace Engine.Journal.Segments;

/// <summary>One segment file of a journal directory: its index, its path and whether it is LZ4-archived.</summary>
public sealed record SegmentFile(long Index, string Path, bool Compressed);
