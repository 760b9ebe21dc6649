namespace Engine.Host;

/// <summary>
/// Where the live pipeline stands, as published once a second beside the pipeline latencies for the admin gateway's
/// health and metrics: inputs the receiver accepted, the journal's last written and durable sequences, the BLP's last
/// applied one, and the replicator's lag (null without one). Read from other threads without locks: each value is one
/// aligned 64-bit read, and together they are a moment's approximation, which is all telemetry needs.
/// </summary>
public readonly record struct HostProgress(long InputsAccepted, long JournalSequence, long DurableSequence, long AppliedSequence, long? ReplicationLag);
