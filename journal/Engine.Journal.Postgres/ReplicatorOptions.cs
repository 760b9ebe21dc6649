namespace Engine.Journal.Postgres;

/// <summary>How the replicator batches and retries.</summary>
public sealed record ReplicatorOptions
{
    /// <summary>Records per COPY (one transaction each): large enough to amortise the round trip.</summary>
    public int BatchSize { get; init; } = 8192;

    /// <summary>Pause when caught up with the journal.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Pause before reconnecting after PostgreSQL failed.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The journal's durable (acknowledged) sequence, when the replicator runs in the engine process: only records
    /// at or below it are shipped, so PostgreSQL never holds a record a crash could still take back. Null (the
    /// out-of-process <c>pg-sync</c>) ships every complete record of the journal.
    /// </summary>
    public Func<long>? DurableSequence { get; init; }

    /// <summary>
    /// Told, from the replicator's thread, when <see cref="PostgresReplicator.Run"/> connects (and where it resumes)
    /// and when PostgreSQL becomes unreachable: one line per change, not one per retry.
    /// </summary>
    public Action<string>? Log { get; init; }
}
