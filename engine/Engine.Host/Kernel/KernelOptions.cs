namespace Engine.Host;

/// <summary>How a <see cref="EngineKernel"/> keeps its state's record: where snapshots go, how often checkpoints are taken. Immutable.</summary>
public sealed record KernelOptions
{
    /// <summary>Inputs between StateHash checkpoints by default: a hash walks the whole state (every ledger transfer), so not too often.</summary>
    public const long DefaultCheckpointInterval = 1 << 20;

    /// <summary>The journal directory snapshots are written under (null: none, e.g. a replay that must leave the journal as it is).</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>A checkpoint after every this many inputs (their sequences are multiples of it); 0: only after snapshot requests.</summary>
    public long CheckpointInterval { get; init; } = DefaultCheckpointInterval;

    /// <summary>For <see cref="EngineKernel.Submit"/>: commit the journal every this many inputs (0: only on Commit).</summary>
    public int CommitEvery { get; init; } = 1024;

    public Action<string> Log { get; init; } = static _ => { };
}
