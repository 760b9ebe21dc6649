using Engine.Journal.Segments;

namespace Engine.Journal.Recovery;

/// <summary>
/// The state recovery hands to the writer: the open tail segment to continue (null when a new segment must be
/// started), where to continue in it, and the next sequence.
/// </summary>
internal sealed record RecoveredJournal(
    RecoveryReport Report,
    SegmentImage? Tail,
    int TailPosition,
    long NextSequence,
    long NextSegmentIndex);
