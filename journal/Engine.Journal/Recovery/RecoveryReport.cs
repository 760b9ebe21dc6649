using System.Globalization;
using System.Text;

namespace Engine.Journal.Recovery;

/// <summary>What a writer found, and fixed, when it opened a journal.</summary>
public sealed record RecoveryReport
{
    public required string Directory { get; init; }

    /// <summary>True when the directory held no segment and a new journal was started.</summary>
    public bool CreatedNew { get; init; }

    public int SegmentCount { get; init; }

    /// <summary>Sequence of the oldest record still in the journal (after retention).</summary>
    public long FirstSequence { get; init; }

    /// <summary>Sequence of the last intact record; <see cref="FirstSequence"/> - 1 when the journal is empty.</summary>
    public long LastSequence { get; init; }

    /// <summary>File holding a torn tail that was truncated (a partial last record), or null.</summary>
    public string? TornTailFile { get; init; }

    public long TornTailOffset { get; init; }

    /// <summary>Bytes of partial or unacknowledged data zeroed at the tail.</summary>
    public long TornTailBytes { get; init; }

    /// <summary>File where an explicitly requested repair truncated mid-journal corruption, or null.</summary>
    public string? RepairedFile { get; init; }

    public long RepairedOffset { get; init; }

    /// <summary>Why the repaired record was bad.</summary>
    public string? RepairReason { get; init; }

    /// <summary>Segments after the repaired one that were deleted.</summary>
    public int DiscardedSegments { get; init; }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"journal {Directory}: ");
        text.Append(CreatedNew ? "new" : $"{SegmentCount} segment(s), sequences {FirstSequence}..{LastSequence}");
        if (TornTailFile is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; torn tail truncated in {TornTailFile} at offset {TornTailOffset} ({TornTailBytes} bytes)");
        }

        if (RepairedFile is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; REPAIRED: truncated {RepairedFile} at offset {RepairedOffset} ({RepairReason}), {DiscardedSegments} later segment(s) deleted");
        }

        return text.ToString();
    }
}
