namespace Engine.Gateways.Admin.Audit;

/// <summary>
/// One admin input of the journal and what the engine did with it: the audit trail's row. <see cref="Time"/> is the
/// request time (the gateway's clock, ISO-8601 UTC); <see cref="Result"/> is "applied" or the engine's result code.
/// </summary>
public sealed record AuditEntry(long Sequence, string Time, uint Principal, string Command, string Result, string Reason, uint Affected);
