namespace Engine.Host;

/// <summary>
/// A StateHashCheckpoint input names a state hash this replay did not reproduce: the journal was applied with another
/// configuration or build than the one that wrote it, or the state has a bug. The replay stops at once, naming where.
/// </summary>
public sealed class StateDivergedException : InvalidOperationException
{
    public StateDivergedException(long sequence, ulong expected, ulong actual)
        : base($"the state after input {sequence} has StateHash {actual:x16}, but the journal's checkpoint says {expected:x16}: this replay does not reproduce the run that wrote the journal")
    {
        Sequence = sequence;
        Expected = expected;
        Actual = actual;
    }

    public long Sequence { get; }

    public ulong Expected { get; }

    public ulong Actual { get; }
}
