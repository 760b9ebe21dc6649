using Engine.Journal.Format;

namespace Engine.Journal.Writing;

/// <summary>How a journal is written. Immutable; validated when a writer opens.</summary>
public sealed record JournalOptions
{
    public const int DefaultSegmentSize = 64 * 1024 * 1024;

    /// <summary>Bytes per segment file (a multiple of 4096, from 4 KiB to 1 GiB).</summary>
    public int SegmentSize { get; init; } = DefaultSegmentSize;

    public FsyncPolicy FsyncPolicy { get; init; } = FsyncPolicy.PerBatch;

    /// <summary>The SBE schema of the payloads; a journal refuses records of another schema.</summary>
    public int SchemaId { get; init; }

    /// <summary>The writer's SBE schema version; a journal written with a newer version is refused.</summary>
    public int SchemaVersion { get; init; }

    /// <summary>The sequence of the first record of a new journal.</summary>
    public long FirstSequence { get; init; } = 1;

    /// <summary>
    /// Repair on open: damage in the middle of the journal is truncated (the journal ends just before it, and
    /// later segments are deleted) instead of refused. Only an operator who has read the error should set this.
    /// </summary>
    public bool Repair { get; init; }

    public void Validate()
    {
        if (SegmentSize < SegmentDescriptor.MinSegmentSize || SegmentSize > SegmentDescriptor.MaxSegmentSize || SegmentSize % 4096 != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(SegmentSize),
                $"segment size must be a multiple of 4096 between {SegmentDescriptor.MinSegmentSize} and {SegmentDescriptor.MaxSegmentSize} bytes, got {SegmentSize}");
        }

        if (FirstSequence < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstSequence), $"first sequence must not be negative, got {FirstSequence}");
        }

        if (!Enum.IsDefined(FsyncPolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(FsyncPolicy), $"unknown fsync policy {(int)FsyncPolicy}");
        }
    }
}
