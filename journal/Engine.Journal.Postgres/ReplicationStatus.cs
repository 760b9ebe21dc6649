namespace Engine.Journal.Postgres;

/// <summary>
/// A snapshot of the replicator's progress. <see cref="Lag"/> is how many journal records PostgreSQL is missing;
/// it grows while PostgreSQL is down (the engine keeps trading on the local journal) and shrinks as it catches up.
/// </summary>
public readonly record struct ReplicationStatus(
    long ReplicatedSequence,
    long JournalSequence,
    bool Connected,
    long Failures,
    string? LastError)
{
    public long Lag => JournalSequence < 0 ? 0 : Math.Max(0, JournalSequence - Math.Max(ReplicatedSequence, 0));
}
