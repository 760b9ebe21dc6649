namespace Engine.Journal.Postgres;

/// <summary>The comparison of the <c>events</c> table with the journal.</summary>
public sealed record EventStoreVerification
{
    public long JournalFirst { get; init; } = -1;

    public long JournalLast { get; init; } = -1;

    public long StoredCount { get; init; }

    public long StoredFirst { get; init; } = -1;

    public long StoredLast { get; init; } = -1;

    /// <summary>Sequences missing between the first and last stored ones.</summary>
    public long Gaps { get; init; }

    /// <summary>Rows beyond one per sequence (the primary key forbids them; checked independently).</summary>
    public long Duplicates { get; init; }

    /// <summary>Stored records found identical to the journal's (every column).</summary>
    public long Matched { get; init; }

    /// <summary>The first difference found, in words, or null.</summary>
    public string? FirstMismatch { get; init; }

    /// <summary>No gap, no duplicate, every stored record equals the journal's.</summary>
    public bool IsConsistent => Gaps == 0 && Duplicates == 0 && FirstMismatch is null;

    /// <summary>Consistent, and nothing of the journal is missing from the store.</summary>
    public bool IsComplete => IsConsistent && StoredLast == JournalLast && (StoredCount == 0 ? JournalLast < 0 : StoredFirst <= Math.Max(JournalFirst, StoredFirst));

    public long Lag => JournalLast < 0 ? 0 : Math.Max(0, JournalLast - Math.Max(StoredLast, JournalFirst - 1));
}
