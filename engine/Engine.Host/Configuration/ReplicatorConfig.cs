namespace Engine.Host;

/// <summary>
/// The engine's PostgreSQL replicator (<c>$.replicator</c> of engine.json): where the event store is and how many
/// journal records go into one COPY transaction.
/// </summary>
public sealed record ReplicatorConfig(string ConnectionString, int BatchSize)
{
    public const int DefaultBatchSize = 8192;

    /// <summary>The connection string never appears in logs or ToString (it may hold a password).</summary>
    public override string ToString() => $"ReplicatorConfig {{ BatchSize = {BatchSize} }}";
}
