namespace Engine.Gateways.Admin.Telemetry;

/// <summary>
/// One reading of what the engine host publishes once a second beside its transport file (time, progress and stage
/// latencies; see Engine.Host's PipelineLatencyJson), with the rates derived from the reading before it.
/// </summary>
public sealed record EngineProgressReading(
    DateTimeOffset Time,
    long InputsAccepted,
    long JournalSequence,
    long DurableSequence,
    long AppliedSequence,
    long? ReplicationLag,
    double InputsPerSecond,
    bool JournalAdvancing,
    IReadOnlyList<StageLatencyReading> Stages)
{
    /// <summary>Records written to the journal but not yet durable (fsynced).</summary>
    public long JournalLag => Math.Max(0, JournalSequence - DurableSequence);

    /// <summary>Records journaled but not yet applied by the BLP.</summary>
    public long ApplyLag => Math.Max(0, JournalSequence - AppliedSequence);
}

/// <summary>One pipeline stage's latency percentiles (µs) as published.</summary>
public sealed record StageLatencyReading(string Stage, long Count, IReadOnlyList<(string Quantile, double Micros)> Percentiles);
