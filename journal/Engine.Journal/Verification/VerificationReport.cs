using Engine.Journal.Reading;

namespace Engine.Journal.Verification;

/// <summary>What <see cref="JournalVerifier"/> found: counts, the sequence range, and anything suspicious.</summary>
public sealed record VerificationReport
{
    public required string Directory { get; init; }

    public int Segments { get; init; }

    public int CompressedSegments { get; init; }

    public long Records { get; init; }

    /// <summary>-1 when the journal holds no record.</summary>
    public long FirstSequence { get; init; } = -1;

    public long LastSequence { get; init; } = -1;

    public long PayloadBytes { get; init; }

    /// <summary>
    /// The earliest and latest venue (exchange) time over the records that carry one (market data); the other inputs
    /// store 0 there, which is "none", not 1970. Both 0 when no record carries one.
    /// </summary>
    public long EarliestVenueTime { get; init; }

    public long LatestVenueTime { get; init; }

    /// <summary>Records with a venue time (non-zero).</summary>
    public long VenueTimedRecords { get; init; }

    /// <summary>The engine (receive) time of the first and the last record; 0 when the journal holds none.</summary>
    public long FirstEngineTime { get; init; }

    public long LastEngineTime { get; init; }

    /// <summary>Records per template id, in template id order.</summary>
    public required IReadOnlyDictionary<int, long> RecordsByTemplate { get; init; }

    /// <summary>Records whose template the decoder does not know (not decoded, not an error).</summary>
    public long Undecoded { get; init; }

    /// <summary>A partial last record (a writer crashed and has not recovered yet), or null.</summary>
    public TornTail? TornTail { get; init; }
}
